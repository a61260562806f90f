-- Risk-sharing schemes (DOMAIN.md examples) as configurable defaults; admins may change the rows.
-- Kept in step with DEFAULT_RISK_SCHEMES in app/domain/financing/risk-sharing.ts.
INSERT INTO risk_sharing_schemes (code, name_zh, name_en, config) VALUES
  ('sh-policy-guarantee', '上海市政策性融资担保（担保≤80%，银行≥20%）', 'Shanghai policy guarantee (guarantor ≤ 80 %, bank ≥ 20 %)',
   '{"code":"sh-policy-guarantee","weights":{"guarantor":80,"bank":20},"capBp":{"guarantor":8000},"excludes":["sh-credit-compensation"]}'),
  ('sh-credit-compensation', '上海市信贷风险补偿（55%，首贷+5%）', 'Shanghai credit risk compensation (55 %, +5 % first loan)',
   '{"code":"sh-credit-compensation","weights":{"fund":55,"bank":45},"capBp":{"fund":6000},"firstLoanBonus":{"party":"fund","bp":500},"excludes":["sh-policy-guarantee"]}'),
  ('zhongshan', '中山模式（基金:银行:保险:评估=54:26:16:4）', 'Zhongshan model (fund : bank : insurer : appraiser = 54 : 26 : 16 : 4)',
   '{"code":"zhongshan","weights":{"fund":54,"bank":26,"insurer":16,"appraiser":4}}'),
  ('shenzhen', '深圳模式（基金:银行=1:1）', 'Shenzhen model (fund : bank = 1 : 1)',
   '{"code":"shenzhen","weights":{"fund":1,"bank":1}}')
ON CONFLICT (code) DO NOTHING;
