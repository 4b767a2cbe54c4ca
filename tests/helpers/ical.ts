/**
 * A small RFC 5545 reader for tests: unfolds lines, splits properties into name,
 * parameters and value, unescapes text, and groups VEVENTs. Strict where our writer
 * must be (CRLF line ends, 75-octet lines, balanced BEGIN/END), so a test that parses
 * our output back also checks that it is well-formed.
 */
export interface IcalProperty {
  name: string;
  params: Record<string, string>;
  value: string;
}

export interface IcalCalendar {
  props: IcalProperty[];
  events: IcalProperty[][];
}

/** Text value unescaping (§3.3.11). */
export function unescapeText(value: string): string {
  return value.replace(/\\([\\;,nN])/g, (_, c: string) => (c === 'n' || c === 'N' ? '\n' : c));
}

/** Parses a whole document; throws on anything malformed. */
export function parseIcal(text: string): IcalCalendar {
  if (!text.endsWith('\r\n')) throw new Error('document must end with CRLF');
  const physical = text.slice(0, -2).split('\r\n');
  for (const line of physical) {
    if (line.includes('\n') || line.includes('\r')) throw new Error('bare LF or CR inside a line');
    if (new TextEncoder().encode(line).length > 75) throw new Error(`line longer than 75 octets: ${line}`);
  }
  const lines: string[] = [];
  for (const line of physical) {
    if (line.startsWith(' ') || line.startsWith('\t')) {
      if (lines.length === 0) throw new Error('continuation without a line');
      lines[lines.length - 1] += line.slice(1);
    } else lines.push(line);
  }
  const stack: string[] = [];
  const calendar: IcalCalendar = { props: [], events: [] };
  let current: IcalProperty[] | null = null;
  for (const line of lines) {
    const prop = parseLine(line);
    if (prop.name === 'BEGIN') {
      stack.push(prop.value);
      if (prop.value === 'VEVENT') current = [];
      continue;
    }
    if (prop.name === 'END') {
      if (stack.pop() !== prop.value) throw new Error(`unbalanced END:${prop.value}`);
      if (prop.value === 'VEVENT' && current) {
        calendar.events.push(current);
        current = null;
      }
      continue;
    }
    if (stack.length === 0) throw new Error(`property outside a component: ${line}`);
    (current ?? calendar.props).push(prop);
  }
  if (stack.length > 0) throw new Error(`unclosed ${stack.join(', ')}`);
  return calendar;
}

function parseLine(line: string): IcalProperty {
  // The value starts at the first colon that is not inside a quoted parameter value.
  let inQuotes = false;
  let colon = -1;
  for (let i = 0; i < line.length; i++) {
    if (line[i] === '"') inQuotes = !inQuotes;
    else if (line[i] === ':' && !inQuotes) {
      colon = i;
      break;
    }
  }
  if (colon <= 0) throw new Error(`not a content line: ${line}`);
  const [name, ...rawParams] = line.slice(0, colon).split(';');
  const params: Record<string, string> = {};
  for (const p of rawParams) {
    const eq = p.indexOf('=');
    params[p.slice(0, eq).toUpperCase()] = p.slice(eq + 1).replace(/^"|"$/g, '');
  }
  if (!/^[A-Z0-9-]+$/i.test(name!)) throw new Error(`bad property name: ${name}`);
  return { name: name!.toUpperCase(), params, value: line.slice(colon + 1) };
}

/** The value of a property in a component, unescaped as text. */
export function prop(component: IcalProperty[], name: string): string | undefined {
  const found = component.find((p) => p.name === name);
  return found ? unescapeText(found.value) : undefined;
}

/** A DATE-TIME in UTC form (…Z) as a Date. */
export function icalDate(value: string | undefined): Date | null {
  const m = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/.exec(value ?? '');
  if (!m) return null;
  const [y, mo, d, h, mi, s] = m.slice(1).map(Number) as [number, number, number, number, number, number];
  return new Date(Date.UTC(y, mo - 1, d, h, mi, s));
}
