import { readFileSync } from 'node:fs';
import { serializeProps } from 'astro/runtime/server/serialize.js';
import { shorthash } from 'astro/runtime/server/shorthash.js';
import { describe, expect, it } from 'vitest';
import { memoisedComponentCheck, memoisedSerializedProps, shorthashOfParts } from '#server/http/island-render.ts';
import {
  rewriteComponentModule,
  rewriteSerializeModule,
  rewriteSvelteServerModule,
} from '#server/http/island-render-plugin.ts';

/** A seeded generator, so a failure names the inputs that caused it. */
function seeded(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
}

/** Random text: ASCII, Latin-1, two-byte characters, emoji (surrogate pairs) and lone surrogates. */
function randomText(random: () => number, maxLength: number): string {
  const length = Math.floor(random() * (maxLength + 1));
  let text = '';
  for (let i = 0; i < length; i++) {
    const kind = random();
    if (kind < 0.6) text += String.fromCharCode(32 + Math.floor(random() * 95));
    else if (kind < 0.75) text += String.fromCharCode(0xa0 + Math.floor(random() * 0x60));
    else if (kind < 0.9) text += String.fromCharCode(0x100 + Math.floor(random() * 0xd000));
    else if (kind < 0.97) text += String.fromCodePoint(0x1f300 + Math.floor(random() * 0x300));
    else text += String.fromCharCode(0xd800 + Math.floor(random() * 0x800));
  }
  return text;
}

/** What Astro passes with the props (only its error messages read it). */
const META: Parameters<typeof serializeProps>[1] = { displayName: 'PeopleSearch', astroStaticSlot: true };

const installed = (path: string) => readFileSync(new URL(`../../../../node_modules/${path}`, import.meta.url), 'utf8');

describe('shorthashOfParts', () => {
  it("equals Astro's shorthash of the concatenation on 3,000 random inputs", () => {
    const random = seeded(20261129);
    for (let run = 0; run < 3000; run++) {
      const parts = Array.from({ length: 1 + Math.floor(random() * 5) }, () =>
        randomText(random, run % 10 === 0 ? 3000 : 40),
      );
      expect(shorthashOfParts(parts), `input ${run}`).toBe(shorthash(parts.join('')));
    }
  });

  it('equals it at the edges: nothing, empty parts, lengths around the four-character step, both signs', () => {
    const cases = [[], [''], ['', ''], ['a'], ['ab', 'c'], ['abcd'], ['abcde'], ['abc', 'defgh', '', 'i']];
    for (const length of [1, 2, 3, 4, 5, 6, 7, 8, 9, 63, 64, 65])
      cases.push(['x'.repeat(length)], ['●'.repeat(length)]);
    const signs = new Set<boolean>();
    for (const parts of cases) {
      const expected = shorthash(parts.join(''));
      expect(shorthashOfParts(parts)).toBe(expected);
      signs.add(expected.startsWith('Z'));
    }
    for (let i = 0; i < 200; i++) {
      const text = `<!--default:/src/X.svelte-->\n${'<p>'.repeat(i)}\n{"i":[0,${i}]}`;
      signs.add(shorthash(text).startsWith('Z'));
      expect(shorthashOfParts([text.slice(0, i), text.slice(i)])).toBe(shorthash(text));
    }
    expect(signs).toEqual(new Set([true, false]));
  });

  it("equals it on a /people island's shape: a large two-byte page of HTML and its props", () => {
    const card = '<li><article class="person card">●●●●<span class="off">○</span> “Kubernetes” — expert</article></li>';
    const html = `<form>${card.repeat(400)}</form>`;
    const props = serializeProps({ initial: { q: 'kubernetes', total: 40, facets: [1, 2, 3] } }, META);
    const prefix = '<!--default:/src/features/people/PeopleSearch.svelte-->\n';
    expect(shorthashOfParts([prefix, html, '\n', props])).toBe(shorthash(`${prefix}${html}\n${props}`));
  });
});

describe('memoisedSerializedProps', () => {
  it("answers Astro's serialisation, computing it once per props object", () => {
    let calls = 0;
    const serialize = (props: unknown, metadata: typeof META) => {
      calls++;
      return serializeProps(props as Record<string, unknown>, metadata);
    };
    const props = { initial: { q: 'go', list: [1, 2], when: new Date(0), tags: new Set(['a']) } };
    const first = memoisedSerializedProps(props, META, serialize);
    expect(first).toBe(serializeProps(props, META));
    expect(memoisedSerializedProps(props, META, serialize)).toBe(first);
    expect(calls).toBe(1);
    // A new props object (the next render) is serialised again, even with equal contents.
    const next = { initial: { ...props.initial, q: 'rust' } };
    expect(memoisedSerializedProps(next, META, serialize)).toBe(serializeProps(next, META));
    expect(calls).toBe(2);
  });

  it('keeps the memo on the render’s metadata, out of sight of the renderers', () => {
    const metadata = { displayName: 'PeopleSearch', astroStaticSlot: true as const };
    const props = { initial: { q: 'go' } };
    const text = memoisedSerializedProps(props, metadata, serializeProps);
    expect(Object.keys(metadata)).toEqual(['displayName', 'astroStaticSlot']);
    expect(JSON.stringify(metadata)).toBe('{"displayName":"PeopleSearch","astroStaticSlot":true}');
    // Another render's metadata knows nothing of it: its props are serialised afresh.
    let calls = 0;
    const counted = (p: unknown, m: typeof metadata) => {
      calls++;
      return serializeProps(p as Record<string, unknown>, m);
    };
    expect(memoisedSerializedProps(props, { ...metadata }, counted)).toBe(text);
    expect(calls).toBe(1);
    expect(memoisedSerializedProps(props, metadata, counted)).toBe(text);
    expect(calls).toBe(1);
  });
});

describe('memoisedComponentCheck', () => {
  it("asks the renderer's check once per component function, and always for anything else", () => {
    const asked: unknown[] = [];
    const check = (component: unknown) => {
      asked.push(component);
      return typeof component === 'function' && component.toString().includes('$$renderer');
    };
    function Svelte($$renderer: unknown) {
      return $$renderer;
    }
    const Other = () => null;
    for (let i = 0; i < 3; i++) {
      expect(memoisedComponentCheck(Svelte, check)).toBe(true);
      expect(memoisedComponentCheck(Other, check)).toBe(false);
      expect(memoisedComponentCheck('div', check)).toBe(false);
    }
    expect(asked).toEqual([Svelte, Other, 'div', 'div', 'div']);
  });
});

describe('the build step (island-render-plugin)', () => {
  it("rewrites the installed Astro's serializeProps to answer through the memo", () => {
    const rewritten = rewriteSerializeModule(installed('astro/dist/runtime/server/serialize.js'), '/memo.ts');
    expect(rewritten).toContain('import { memoisedSerializedProps as __memoisedSerializedProps } from "/memo.ts";');
    expect(rewritten).toContain('function serializePropsOnce(props, metadata) {');
    expect(rewritten).toContain('return __memoisedSerializedProps(props, metadata, serializePropsOnce);');
    expect(rewritten.match(/function serializeProps\(/g)).toHaveLength(1);
  });

  it("rewrites the installed Astro's island id and slot-tag pass", () => {
    const original = installed('astro/dist/runtime/server/render/component.js');
    const rewritten = rewriteComponentModule(original, '/hash.ts');
    expect(rewritten).toContain('import { shorthashOfParts as __shorthashOfParts } from "/hash.ts";');
    expect(rewritten).toContain(
      'const astroId = __shorthashOfParts([`<!--${metadata.componentExport.value}:${metadata.componentUrl}-->\\n`,' +
        ' html, "\\n", serializeProps(props, metadata)]);',
    );
    expect(rewritten).not.toMatch(/shorthash\(\s*`/);
    expect(rewritten).toContain('html.includes(supportsAstroStaticSlot ? "astro-static-slot" : "astro-slot")');
  });

  it("rewrites the installed Svelte renderer's empty-class pass and its check", () => {
    const rewritten = rewriteSvelteServerModule(installed('@astrojs/svelte/dist/server.js'), '/memo.ts');
    expect(rewritten).toContain('if (html.includes(\'class=""\')) html = html.replace(/\\s+class=""/g, "");');
    expect(rewritten).toContain('import { memoisedComponentCheck as __memoisedComponentCheck } from "/memo.ts";');
    expect(rewritten).toContain('function checkOnce(Component) {');
    expect(rewritten).toContain('return __memoisedComponentCheck(Component, checkOnce);');
    expect(rewritten.match(/function check\(/g)).toHaveLength(1);
  });

  it('fails the build when a target no longer reads as expected', () => {
    expect(() => rewriteSerializeModule('export function serializeProps(p) {}')).toThrow(/serializeProps was found 0/);
    expect(() => rewriteComponentModule('const astroId = shorthash(html);')).toThrow(/island id/);
    expect(() => rewriteSvelteServerModule('html = html.trim();')).toThrow(/empty-class/);
    expect(() => rewriteSvelteServerModule('html = html.replace(/\\s+class=""/g, "");')).toThrow(/check/);
  });

  it('leaves HTML exactly as the original passes do, with or without the text they remove (the rewritten code, run)', () => {
    // The rewritten functions themselves, cut out of the installed packages' rewritten files.
    const component = rewriteComponentModule(installed('astro/dist/runtime/server/render/component.js'), '/h.ts');
    const slotPass = new Function(
      'html',
      'supportsAstroStaticSlot',
      `const ASTRO_SLOT_EXP = /<\\/?astro-slot\\b[^>]*>/g; const ASTRO_STATIC_SLOT_EXP = /<\\/?astro-static-slot\\b[^>]*>/g;
      ${/function removeStaticAstroSlot\(html, supportsAstroStaticSlot = true\) \{([^}]*)\}/.exec(component)![1]}`,
    ) as (html: string, supportsStatic: boolean) => string;
    const svelte = rewriteSvelteServerModule(installed('@astrojs/svelte/dist/server.js'));
    const classPass = new Function('html', `${/^\s*if \(html\.includes.*$/m.exec(svelte)![0]}\nreturn html;`) as (
      html: string,
    ) => string;
    const random = seeded(7);
    const pieces = [
      '<astro-static-slot>',
      '</astro-static-slot>',
      '<astro-slot name="a">',
      '</astro-slot>',
      ' class=""',
      '\n class=""',
      'class=',
      '<p>',
      'x',
      '●',
    ];
    for (let run = 0; run < 2000; run++) {
      let html = '';
      for (let i = 0; i < Math.floor(random() * 14); i++) html += pieces[Math.floor(random() * pieces.length)];
      expect(slotPass(html, true), html).toBe(html.replace(/<\/?astro-static-slot\b[^>]*>/g, ''));
      expect(slotPass(html, false), html).toBe(html.replace(/<\/?astro-slot\b[^>]*>/g, ''));
      expect(classPass(html), html).toBe(html.replace(/\s+class=""/g, ''));
    }
  });
});
