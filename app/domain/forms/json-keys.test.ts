import { describe, expect, it } from "vitest";
import { duplicateJsonKey } from "./json-keys";

describe("a JSON key given twice", () => {
  it("is found at the top, in nested objects and in arrays of objects, by its path", () => {
    expect(duplicateJsonKey('{"url":"a","url":"b"}')).toBe("url");
    expect(duplicateJsonKey('{"a":{"x":1,"y":{"z":1,"z":2}}}')).toBe("a.y.z");
    expect(duplicateJsonKey('{"events":[{"k":1},{"k":1,"k":2}]}')).toBe("events.1.k");
    // An escaped spelling of the same key is the same key.
    expect(duplicateJsonKey('{"url":1,"\\u0075rl":2}')).toBe("url");
  });

  it("is not confused by the same key in sibling objects, by keys inside strings, or by escaped quotes", () => {
    expect(duplicateJsonKey('{"a":{"k":1},"b":{"k":2}}')).toBeNull();
    expect(duplicateJsonKey('[{"k":1},{"k":2}]')).toBeNull();
    expect(duplicateJsonKey('{"note":"\\"note\\": twice, \\"note\\"","other":"{\\"x\\":1,\\"x\\":2}"}')).toBeNull();
    expect(duplicateJsonKey('{"a":[1,2,{"b":"}"}],"b":1}')).toBeNull();
    expect(duplicateJsonKey('"just a string"')).toBeNull();
    expect(duplicateJsonKey("{}")).toBeNull();
  });
});
