import { defineMessages } from "../define";

/** Market search counts and facets: how many listings match, by kind, mode, industry, park, price band. */
export const marketFacetMessages = defineMessages({
  "zh-CN": {
    "market.count.exact": "共 {n} 个挂牌",
    "market.count.estimated": "约 {n} 个挂牌",
    "market.count.estimatedNote": "匹配较多，数量为估计值。",
    "market.facet.count": "{label}（{n}）",
    "market.facet.about": "约 {n}",
    "market.filter.band": "价格区间",
    "market.band.negotiable": "面议",
    "market.band.under_100k": "10 万元以下",
    "market.band.100k_500k": "10–50 万元",
    "market.band.500k_1m": "50–100 万元",
    "market.band.1m_5m": "100–500 万元",
    "market.band.over_5m": "500 万元以上",
  },
  en: {
    "market.count.exact": "{n} listings",
    "market.count.estimated": "About {n} listings",
    "market.count.estimatedNote": "Many matches: the counts are estimates.",
    "market.facet.count": "{label} ({n})",
    "market.facet.about": "about {n}",
    "market.filter.band": "Price band",
    "market.band.negotiable": "Negotiable",
    "market.band.under_100k": "Under CNY 100,000",
    "market.band.100k_500k": "CNY 100,000–500,000",
    "market.band.500k_1m": "CNY 500,000–1,000,000",
    "market.band.1m_5m": "CNY 1–5 million",
    "market.band.over_5m": "Over CNY 5 million",
  },
});
