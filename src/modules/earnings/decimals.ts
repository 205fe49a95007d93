const decimalPattern = /^(-?\d+)(?:\.(\d*))?$/;

/**
 * An exact decimal as exports and the API write it (formats.md): trailing zeros removed down to
 * at least `minFraction` fractional digits, 2 for amounts (`150.0000000000` → `150.00`,
 * `98.7654240000` → `98.765424`).
 */
export function plainDecimal(value: string, minFraction = 2): string {
  const match = decimalPattern.exec(value.trim());
  if (!match) throw new RangeError(`Not a decimal: "${value}"`);
  const fraction = (match[2] ?? '').replace(/0+$/, '').padEnd(minFraction, '0');
  return fraction ? `${match[1]}.${fraction}` : match[1]!;
}
