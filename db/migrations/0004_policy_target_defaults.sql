-- Default policy targets from the plans in the seeds (amounts in 分). Admins edit them in the console;
-- ON CONFLICT keeps their edits if this ever runs again.
INSERT INTO policy_targets (code, scope, scope_key, label_zh, label_en, period, from_year, to_year, target_amount, source)
VALUES
  ('shanghai-annual-2025', 'city', '上海市', '上海市知识产权质押融资年登记金额', 'Shanghai IP pledge financing registered per year',
   'annual', 2025, 2025, 1000000000000, '沪府发〔2021〕25号《上海市知识产权保护和运用“十四五”规划》：2020年38亿元，2025年100亿元左右'),
  ('pudong-cumulative-2022-2025', 'district', '浦东新区', '浦东新区知识产权质押融资登记金额累计', 'Pudong IP pledge financing registered, cumulative',
   'cumulative', 2022, 2025, 300000000000, '浦府〔2022〕142号《浦东新区国家知识产权强市建设示范城区工作方案（2022-2025年）》：累计达到30亿元'),
  ('xuhui-cumulative-2022-2025', 'district', '徐汇区', '徐汇区专利、商标品牌质押融资总额', 'Xuhui patent and trademark pledge financing, cumulative',
   'cumulative', 2022, 2025, 200000000000, '《徐汇区关于创建国家知识产权强市建设试点城区的工作方案（2022年—2025年）》：超过20亿元')
ON CONFLICT (code) DO NOTHING;
