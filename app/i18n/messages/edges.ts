import { defineMessages } from "../define";

/** The edges: rate limits, password strength, join requests, closed applications. */
export const edges = defineMessages({
  "zh-CN": {
    "errors.rateLimited": "操作过于频繁，请 {seconds} 秒后再试",
    "spreadsheet.errors.inflatesTooMuch": "文件解压后超过 {max} MB，请拆分后再上传",
  },
  en: {
    "errors.rateLimited": "Too many requests; try again in {seconds} seconds",
    "spreadsheet.errors.inflatesTooMuch": "The file unpacks to more than {max} MB; split it and upload the parts",
  },
});
