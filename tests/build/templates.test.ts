// Moodle's mustache lint, reproduced: every template has a documentation block with an example context,
// renders that context without error, and gives well-formed HTML. Moodle's helpers ({{#str}}, {{#pix}},
// {{uniqid}}) get small stand-ins that behave as Moodle's do for what these templates use.
import {describe, expect, it} from 'vitest';
import {readFileSync, readdirSync} from 'node:fs';
import path from 'node:path';
import Mustache from 'mustache';
import {parseFragment, type DefaultTreeAdapterMap, type ParserError} from 'parse5';
import {checkMarkup} from './bootstrap5';
import {pix, str} from '../support/moodlemustache';

type Element = DefaultTreeAdapterMap['element'];

const root = path.resolve(__dirname, '../..');
const templates = readdirSync(path.join(root, 'templates')).filter((n) => n.endsWith('.mustache')).sort();

/**
 * The template's own documentation block and example context.
 *
 * @param source the template
 * @returns the name after @template and the parsed example context
 */
function docs(source: string): {name: string; context: Record<string, unknown>} {
    const block = [...source.matchAll(/\{\{!([\s\S]*?)\}\}/g)].map((m) => m[1] ?? '').find((c) => c.includes('@template'));
    expect(block, 'a {{! @template ... }} block').toBeDefined();
    const name = /@template\s+(\S+)/.exec(block ?? '')?.[1] ?? '';
    const json = /Example context \(json\):([\s\S]*)$/.exec(block ?? '')?.[1] ?? '';
    expect(json.trim(), 'an "Example context (json):"').not.toBe('');
    return {name, context: JSON.parse(json) as Record<string, unknown>};
}

describe.each(templates)('templates/%s', (file) => {
    const source = readFileSync(path.join(root, 'templates', file), 'utf8');

    it('names itself and renders its example context into well-formed HTML', () => {
        const {name, context} = docs(source);
        expect(name).toBe(`tool_kalturalti13/${file.replace(/\.mustache$/, '')}`);
        const html = Mustache.render(source, {...context, str, pix, uniqid: 'uniqid-test'}, (partial) => {
            throw new Error(`partial ${partial} has no stand-in`);
        });
        expect(html.trim()).not.toBe('');
        expect(html, 'no mustache tag left').not.toMatch(/\{\{|\}\}/);
        const errors: ParserError[] = [];
        parseFragment(html, {onParseError: (e) => errors.push(e)});
        expect(errors.map((e) => `${e.code} at line ${e.startLine}: ${html.split('\n')[e.startLine - 1]?.trim()}`))
            .toEqual([]);
        // Parse errors aside, HTML lets a closing tag go missing: count them for the elements that need one,
        // in the output and in the template itself (where a section the example leaves out is counted too).
        const markup = source.replace(/\{\{![\s\S]*?\}\}/g, '');
        for (const tag of ['div', 'p', 'table', 'tr', 'td', 'th', 'ul', 'ol', 'li', 'span', 'button', 'form',
            'label', 'section', 'dl', 'dt', 'dd', 'a', 'fieldset', 'legend', 'select', 'details', 'summary']) {
            for (const [where, text] of [['output', html], ['template', markup]] as const) {
                const opened = [...text.matchAll(new RegExp(`<${tag}[\\s>]`, 'g'))].length;
                const closed = [...text.matchAll(new RegExp(`</${tag}>`, 'g'))].length;
                expect(closed, `${where}: <${tag}> opened ${opened} times, closed ${closed}`).toBe(opened);
            }
        }
        const ids = [...html.matchAll(/\sid="([^"]+)"/g)].map((m) => m[1]);
        expect(ids.length, 'ids are unique').toBe(new Set(ids).size);
    });

    // What the Nu HTML checker (Moodle's mustache lint) refuses and parse5 lets through: a <label> holds phrasing
    // content only (a list explaining a choice goes beside the label, tied to its control by aria-describedby).
    // And every id that for, aria-describedby or aria-labelledby names is in the output.
    it('keeps each <label> to phrasing content, and each for and aria-* reference points at an element', () => {
        const {context} = docs(source);
        const html = Mustache.render(source, {...context, str, pix, uniqid: 'uniqid-test'});
        const elements: Element[] = [];
        const walk = (node: {childNodes?: unknown[]}): void => {
            for (const child of (node.childNodes ?? []) as Array<Element & {childNodes?: unknown[]}>) {
                if (typeof child.tagName === 'string') {
                    elements.push(child);
                }
                walk(child);
            }
        };
        walk(parseFragment(html));
        const blocks = new Set(['address', 'article', 'aside', 'blockquote', 'details', 'div', 'dl', 'fieldset',
            'figure', 'footer', 'form', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'header', 'hr', 'li', 'main', 'nav', 'ol',
            'p', 'pre', 'section', 'table', 'ul']);
        const descendants = (node: Element): Element[] => (node.childNodes as Element[])
            .filter((c) => typeof c.tagName === 'string').flatMap((c) => [c, ...descendants(c)]);
        const inLabels = elements.filter((e) => e.tagName === 'label').flatMap(descendants);
        expect(inLabels.filter((e) => blocks.has(e.tagName)).map((e) => `<${e.tagName}> in a <label>`)).toEqual([]);
        const attr = (e: Element, name: string): string | undefined => e.attrs.find((a) => a.name === name)?.value;
        const ids = new Set(elements.map((e) => attr(e, 'id')).filter((id) => id !== undefined));
        const dangling = elements.flatMap((e) => ['for', 'aria-describedby', 'aria-labelledby']
            .flatMap((name) => (attr(e, name) ?? '').split(/\s+/).filter((id) => id !== '' && !ids.has(id))
                .map((id) => `<${e.tagName} ${name}="${id}">`)));
        expect(dangling, 'references to ids the template does not render').toEqual([]);
    });

    it('keeps a Bootstrap 4-only class or data attribute only beside its Bootstrap 5 counterpart', () => {
        // Moodle 5.0+ is on Bootstrap 5 (the Bootstrap 4 names live on in a layer going in 6.0); 4.2-4.5 on 4.
        // In each branch of the template, and in its example rendered (where classes come from the context).
        const {context} = docs(source);
        const html = Mustache.render(source, {...context, str, pix, uniqid: 'uniqid-test'});
        expect(checkMarkup(source.replace(/\{\{![\s\S]*?\}\}/g, ''))).toEqual([]);
        expect(checkMarkup(html)).toEqual([]);
    });
});

describe('the stand-ins', () => {
    it('fail on what Moodle would refuse: an unknown string, a missing $a, an unknown partial', () => {
        const render = (t: string): string => Mustache.render(t, {str, pix}, () => {
            throw new Error('partial');
        });
        expect(() => render('{{#str}}nosuchstring, tool_kalturalti13{{/str}}')).toThrow(/no string/);
        expect(() => render('{{#str}}credentials_intro, tool_kalturalti13{{/str}}')).toThrow(/needs \{\$a\}/);
        expect(() => render('{{> core/loading}}')).toThrow(/partial/);
        expect(render('{{#str}}credentials_intro, tool_kalturalti13, kaf.example{{/str}}')).toContain('kaf.example');
    });
});
