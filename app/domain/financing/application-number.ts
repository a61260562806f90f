/**
 * The number people quote for a pledge application: "ZY-" and the first 8 hex digits of its id, in
 * capitals. Stable, short enough to read out on the phone, and unique in practice (a collision among
 * 8 hex digits needs tens of thousands of applications, and the full id stays in the link).
 */
export function applicationNumber(id: string): string {
  return `ZY-${id.replace(/-/g, "").slice(0, 8).toUpperCase()}`;
}

/** Accepts what a user types for a number ("zy-3f2a9c1b", "3F2A 9C1B") and gives the id prefix to look for. */
export function applicationNumberPrefix(input: string): string | null {
  const hex = input.trim().toLowerCase().replace(/^zy-?/, "").replace(/[\s-]/g, "");
  return /^[0-9a-f]{4,8}$/.test(hex) ? hex : null;
}
