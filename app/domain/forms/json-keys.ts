/**
 * The first key that appears twice in one object of a JSON text (its path, e.g. `url` or `events.0.kind`),
 * or null. `JSON.parse` keeps the last copy silently, so a body with `{"url": a, "url": b}` would be read as
 * something other than what a reviewer of the request sees. `text` must already parse as JSON.
 */
export function duplicateJsonKey(text: string): string | null {
  // One frame per open object or array: its keys so far (objects), the path to it, and the next index (arrays).
  type Frame = { keys: Set<string> | null; path: string; index: number; key: string | null };
  const stack: Frame[] = [];
  const at = (f: Frame | undefined) => (f ? (f.keys ? f.key : String(f.index)) : null);
  const pathOf = (f: Frame | undefined) => {
    const own = at(f);
    return f && own !== null ? (f.path ? `${f.path}.${own}` : own) : "";
  };
  let expectKey = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === "{" || c === "[") {
      stack.push({ keys: c === "{" ? new Set() : null, path: pathOf(stack[stack.length - 1]), index: 0, key: null });
      expectKey = c === "{";
    } else if (c === "}" || c === "]") {
      stack.pop();
      expectKey = false;
    } else if (c === ",") {
      const top = stack[stack.length - 1];
      if (top?.keys) expectKey = true;
      else if (top) top.index++;
    } else if (c === '"') {
      let j = i + 1;
      while (text[j] !== '"') j += text[j] === "\\" ? 2 : 1;
      const top = stack[stack.length - 1];
      if (expectKey && top?.keys) {
        const key = JSON.parse(text.slice(i, j + 1)) as string;
        if (top.keys.has(key)) return top.path ? `${top.path}.${key}` : key;
        top.keys.add(key);
        top.key = key;
        expectKey = false;
      }
      i = j;
    }
  }
  return null;
}
