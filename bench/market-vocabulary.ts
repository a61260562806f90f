/**
 * Word lists for realistic patent titles and abstracts in Chinese with their English renderings
 * (used by the market benchmark's data generator). Pairs keep the two languages consistent.
 */
export type Pair = readonly [zh: string, en: string];

export const TECH: Pair[] = [
  ["基于深度学习的", "deep-learning-based"], ["基于多传感器融合的", "multi-sensor fusion"], ["低功耗", "low-power"], ["高通量", "high-throughput"],
  ["柔性", "flexible"], ["纳米", "nano"], ["可降解", "biodegradable"], ["高强度", "high-strength"], ["自适应", "adaptive"], ["分布式", "distributed"],
  ["耐高温", "high-temperature resistant"], ["高精度", "high-precision"], ["智能", "intelligent"], ["模块化", "modular"], ["无线", "wireless"],
  ["微流控", "microfluidic"], ["超薄", "ultra-thin"], ["高导热", "high thermal conductivity"], ["轻量化", "lightweight"], ["基于区块链的", "blockchain-based"],
];

export const OBJECT: Pair[] = [
  ["锂离子电池负极材料", "lithium-ion battery anode material"], ["芯片封装结构", "chip packaging structure"], ["单克隆抗体", "monoclonal antibody"],
  ["碳化硅功率器件", "silicon carbide power device"], ["图像缺陷检测系统", "image defect detection system"], ["协作机器人关节", "collaborative robot joint"],
  ["光伏组件", "photovoltaic module"], ["氢燃料电池双极板", "hydrogen fuel cell bipolar plate"], ["医用导管", "medical catheter"], ["传感器阵列", "sensor array"],
  ["基因编辑载体", "gene editing vector"], ["无人机飞控", "drone flight control"], ["数据加密装置", "data encryption device"], ["汽车底盘结构", "vehicle chassis structure"],
  ["射频前端模组", "RF front-end module"], ["存储器单元", "memory cell"], ["显示面板", "display panel"], ["疫苗佐剂", "vaccine adjuvant"],
  ["工业机器人减速器", "industrial robot reducer"], ["动力电池管理系统", "battery management system"], ["激光雷达", "lidar"], ["人工关节假体", "artificial joint prosthesis"],
  ["高分子复合材料", "polymer composite"], ["智能纺织面料", "smart textile fabric"], ["语音识别模型", "speech recognition model"], ["电机控制器", "motor controller"],
  ["晶圆清洗设备", "wafer cleaning equipment"], ["细胞培养基", "cell culture medium"], ["钙钛矿太阳能电池", "perovskite solar cell"], ["化妆品乳液", "cosmetic emulsion"],
];

export const PROCESS: Pair[] = [
  ["制备方法", "preparation method"], ["检测方法", "detection method"], ["控制方法", "control method"], ["制造工艺", "manufacturing process"],
  ["优化方法", "optimisation method"], ["装置", "device"], ["系统", "system"], ["应用", "use"], ["封装方法", "encapsulation method"], ["测试方法", "test method"],
];

export const EFFECT: Pair[] = [
  ["显著降低了生产成本", "markedly lowers production cost"], ["提高了循环稳定性", "improves cycling stability"], ["提升了检测准确率", "raises detection accuracy"],
  ["延长了使用寿命", "extends service life"], ["降低了能耗", "reduces energy consumption"], ["提高了良品率", "improves yield"], ["增强了生物相容性", "enhances biocompatibility"],
  ["缩短了加工周期", "shortens the processing cycle"], ["提高了安全性", "improves safety"], ["便于规模化生产", "suits large-scale production"],
];

export const STEP: Pair[] = [
  ["预处理", "pre-treatment"], ["高温烧结", "high-temperature sintering"], ["特征提取", "feature extraction"], ["表面改性", "surface modification"],
  ["参数自整定", "parameter self-tuning"], ["真空镀膜", "vacuum coating"], ["分子筛选", "molecular screening"], ["闭环反馈", "closed-loop feedback"],
];

export const TRADEMARK: Pair[] = [
  ["芯源", "XINYUAN"], ["康健", "KANGJIAN"], ["云图", "CLOUDMAP"], ["智行", "ZHIXING"], ["绿能", "GREENERGY"], ["海韵", "HAIYUN"], ["申睿", "SHENRUI"], ["东方明珠", "PEARL EAST"],
];
