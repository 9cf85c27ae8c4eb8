// DiffServ code points shared by the dscp match and the DSCP target: both iptables extensions read a class name
// with the same helper (iptables extensions/dscp_helper.c, included by libxt_dscp.c and libxt_DSCP.c), so one
// table and one lookup here keep them from drifting apart.

/** The DSCP field is 6 bits (the TOS byte shifted right by two). */
export const MAX_DSCP = 0x3f;

/** RFC 2474/2597/3246 class selectors, assured and expedited forwarding, in dscp_helper.c's table order. */
export const DSCP_CLASSES: Readonly<Record<string, number>> = {
  CS0: 0x00,
  CS1: 0x08,
  CS2: 0x10,
  CS3: 0x18,
  CS4: 0x20,
  CS5: 0x28,
  CS6: 0x30,
  CS7: 0x38,
  BE: 0x00,
  AF11: 0x0a,
  AF12: 0x0c,
  AF13: 0x0e,
  AF21: 0x12,
  AF22: 0x14,
  AF23: 0x16,
  AF31: 0x1a,
  AF32: 0x1c,
  AF33: 0x1e,
  AF41: 0x22,
  AF42: 0x24,
  AF43: 0x26,
  EF: 0x2e,
};

const CLASS_ENTRIES = Object.entries(DSCP_CLASSES);

/**
 * The code point of a class name as dscp_helper.c class_to_dscp reads it: the first class in table order that the
 * word starts with, ignoring case (`strncasecmp(name, class, strlen(class))`), so "ef" and even "CS10" (→ CS1) are
 * accepted. Undefined when no class fits (iptables: "Invalid DSCP value").
 */
export function dscpOfClass(word: string): number | undefined {
  const upper = word.toUpperCase();
  for (const [name, dscp] of CLASS_ENTRIES) if (upper.startsWith(name)) return dscp;
  return undefined;
}
