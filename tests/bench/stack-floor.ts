import { alternate, type Load, type PairRow, typicalBytes } from './measure.ts';

/**
 * How big `/bench/<kind>` is around its paragraph, as `cookie`'s member gets it (the
 * header differs a little by member): the paragraph is then sized to make the page
 * `bytes` long, the size of the page it stands beside.
 */
export async function sizedPath(base: string, kind: 'page' | 'layout', bytes: number, cookie: string): Promise<string> {
  const response = await fetch(`${base}/bench/${kind}?filler=0`, { headers: { cookie } });
  if (response.status !== 200) throw new Error(`/bench/${kind} answered ${response.status}: is BENCH_ROUTES set?`);
  const around = (await response.arrayBuffer()).byteLength;
  return `/bench/${kind}?filler=${Math.max(0, bytes - around)}`;
}

/**
 * What the stack allows at a page's size before the page does any work of its own, as
 * shares of the same static ceiling, alternating: an Astro page with nothing of ours in it
 * (no layout, no reads), and the site's layout (the member's header, the footer) around a
 * fixed paragraph. A page that renders its own content and reads its own rows cannot
 * reach a higher share than the layout alone; the profile's target is read against these.
 */
export async function stackFloor(
  base: string,
  bytes: number,
  ceiling: Load,
  cookies: () => string,
  seconds: number,
): Promise<PairRow[]> {
  const cookie = cookies();
  const load = (label: string, path: string): Load => ({ label, base, nextPath: () => path, nextCookie: cookies });
  const page = load('Astro page, no layout, no reads', await sizedPath(base, 'page', bytes, cookie));
  const layout = load("the site's layout, a fixed paragraph", await sizedPath(base, 'layout', bytes, cookie));
  const [pageRun, layoutRun, ceilingRun] = await alternate([page, layout, ceiling], seconds);
  return [
    { what: page.label, bytes: await typicalBytes(page), page: pageRun!, ceiling: ceilingRun! },
    { what: layout.label, bytes: await typicalBytes(layout), page: layoutRun!, ceiling: ceilingRun! },
  ];
}
