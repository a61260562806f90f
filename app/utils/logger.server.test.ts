import { DrizzleQueryError } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { errorFields, errorMessage, withoutQueryParameters } from "./logger.server";

describe("errorFields", () => {
  it("logs a failed query as its driver's error, without the query's parameters", () => {
    const cause = Object.assign(new Error("connect ECONNREFUSED 127.0.0.1:5432"), { code: "ECONNREFUSED" });
    const failed = new DrizzleQueryError("select id from users where email = $1", ["someone@example.com"], cause);
    const { err } = errorFields(failed);
    expect(err).toMatchObject({ type: "Error", message: "connect ECONNREFUSED 127.0.0.1:5432", code: "ECONNREFUSED" });
    expect(JSON.stringify(err)).not.toContain("someone@example.com");
  });

  it("keeps the query's text, not its parameters, when the driver gave no cause", () => {
    const { err } = errorFields(new DrizzleQueryError("select id from sessions where id = $1", ["0123abcd-session"], undefined as unknown as Error));
    expect(err.message).toBe("Failed query: select id from sessions where id = $1");
    expect(JSON.stringify(err)).not.toContain("0123abcd-session");
  });

  it("logs any other error as it is", () => {
    expect(errorFields(new TypeError("bad")).err).toMatchObject({ type: "TypeError", message: "bad" });
    expect(errorFields("a string").err.message).toBe("a string");
  });
});

describe("errorMessage and withoutQueryParameters", () => {
  it("give the driver's error of a failed query, for failure reasons stored in Redis and the database", () => {
    const cause = new Error('duplicate key value violates unique constraint "users_email_key"');
    const failed = new DrizzleQueryError("insert into users (email) values ($1)", ["someone@example.com"], cause);
    expect(withoutQueryParameters(failed)).toBe(cause);
    expect(errorMessage(failed)).toBe('duplicate key value violates unique constraint "users_email_key"');
    expect(errorMessage(new RangeError("out of range"))).toBe("out of range");
    expect(errorMessage(42)).toBe("42");
    const plain = new Error("plain");
    expect(withoutQueryParameters(plain)).toBe(plain);
  });
});
