import { defineMessages } from "../define";

/** The edges: rate limits, password strength, join requests, closed applications. */
export const edges = defineMessages({
  "zh-CN": {
    "errors.rateLimited": "操作过于频繁，请 {seconds} 秒后再试",
    "spreadsheet.errors.inflatesTooMuch": "文件解压后超过 {max} MB，请拆分后再上传",
    "financing.closed.title": "此申请已关闭",
    "financing.closed.body": "企业已接受其他机构的报价，此申请对贵行已关闭，不再显示其内容。",
  },
  en: {
    "errors.rateLimited": "Too many requests; try again in {seconds} seconds",
    "spreadsheet.errors.inflatesTooMuch": "The file unpacks to more than {max} MB; split it and upload the parts",
    "financing.closed.title": "This application is closed",
    "financing.closed.body": "The enterprise accepted another offer; the application is closed to your bank and its contents are no longer shown.",
  },
});
