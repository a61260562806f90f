import { describe, expect, it } from "vitest";
import { translator } from "#app/i18n/index";
import { categoryOf, notificationMail, resetMail } from "./mail";

describe("e-mail templates", () => {
  it("files each notification kind under its preference category", () => {
    expect(categoryOf("financing.notice.offer")).toBe("financing");
    expect(categoryOf("market.notify.accepted")).toBe("market");
    expect(categoryOf("notify.orgVerified")).toBe("account");
    expect(categoryOf("console.notify.userSuspended")).toBe("account");
  });

  it("writes a notification in the reader's language with an absolute link and the preferences link", () => {
    const zh = notificationMail(translator("zh-CN"), { name: "张三", text: "银行已给出贷款条件。", link: "/financing/applications/1", origin: "https://ip.example.cn" });
    expect(zh.subject).toBe("【知识产权质押融资平台】银行已给出贷款条件。");
    expect(zh.text).toContain("张三，您好：");
    expect(zh.text).toContain("https://ip.example.cn/financing/applications/1");
    expect(zh.text).toContain("https://ip.example.cn/account/notifications");
    const en = resetMail(translator("en"), { name: "Ann", url: "https://ip.example.cn/reset-password?token=x", minutes: 60, origin: "https://ip.example.cn" });
    expect(en.subject).toBe("[IP Pledge Financing] Reset your password");
    expect(en.text).toContain("valid for 60 minutes");
  });

  it("keeps a long notification's subject to one short line", () => {
    const m = notificationMail(translator("en"), { name: "A", text: `${"x".repeat(100)}\nsecond line`, link: null, origin: "https://o" });
    expect(m.subject.length).toBeLessThan(110);
    expect(m.subject).not.toContain("\n");
  });
});
