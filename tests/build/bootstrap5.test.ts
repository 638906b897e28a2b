// Bootstrap 5 names beside the Bootstrap 4 ones, in what the page sets from TypeScript and in styles.css (the
// templates are checked in templates.test.ts). Moodle 5.0+ runs Bootstrap 5, whose Bootstrap 4 layer goes in 6.0.
import {describe, expect, it} from 'vitest';
import {readFileSync, readdirSync} from 'node:fs';
import path from 'node:path';
import {checkCss, checkMarkup, checkTypeScript, missingBs5Classes} from './bootstrap5';

const root = path.resolve(__dirname, '../..');
const sources = readdirSync(path.join(root, 'amd/src'), {recursive: true, encoding: 'utf8'})
    .filter((n) => n.endsWith('.ts') && !n.endsWith('.d.ts')).sort();

describe('Bootstrap 5 names', () => {
    it('amd/src has sources to check', () => {
        expect(sources).toContain('page.ts');
        expect(sources.some((n) => n.startsWith('ui'))).toBe(true);
    });

    it.each(sources)('amd/src/%s: every string literal (markup, selector, class list) has the Bootstrap 5 names', (file) => {
        expect(checkTypeScript(file, readFileSync(path.join(root, 'amd/src', file), 'utf8'))).toEqual([]);
    });

    it('styles.css names no Bootstrap 4-only class without its counterpart', () => {
        expect(checkCss(readFileSync(path.join(root, 'styles.css'), 'utf8'))).toEqual([]);
    });
});

describe('the Bootstrap 5 check', () => {
    it('accepts a Bootstrap 4 name beside its Bootstrap 5 one, and Bootstrap 5 alone', () => {
        for (const ok of ['sr-only visually-hidden', 'visually-hidden', 'form-group mb-3', 'badge badge-success text-bg-success',
            'badge badge-info bg-info', 'ml-2 ms-2', 'mr-md-3 me-md-3', 'pl-0 ps-0', 'pr-auto pe-auto', 'mr-n1 me-n1',
            'float-left float-start', 'float-md-right float-md-end', 'text-right text-end', 'font-weight-bold fw-bold',
            'close btn-close', 'custom-select form-select', 'btn btn-primary mb-2', 'text-bg-danger', 'form-check']) {
            expect(missingBs5Classes(ok), ok).toEqual([]);
        }
    });

    it('fails each Bootstrap 4-only class alone', () => {
        const cases: Array<[string, string]> = [['sr-only', 'visually-hidden'], ['form-group', 'mb-3'],
            ['badge badge-warning', 'text-bg-warning'], ['ml-2', 'ms-2'], ['mr-sm-1', 'me-sm-1'], ['pl-3', 'ps-3'],
            ['pr-0', 'pe-0'], ['ml-auto', 'ms-auto'],
            ['float-right', 'float-end'], ['text-left', 'text-start'], ['font-weight-normal', 'fw-normal'], ['close', 'btn-close'],
            ['custom-control custom-checkbox', 'form-check'], ['custom-select', 'form-select'], ['badge-pill', 'rounded-pill'],
            ['no-gutters', 'g-0'], ['btn-block', 'w-100'], ['ml-2 me-2', 'ms-2']];
        for (const [bad, wanted] of cases) {
            expect(missingBs5Classes(bad).join(), bad).toContain(wanted);
        }
    });

    it('checks markup branch by branch, and data attributes by tag', () => {
        expect(checkMarkup('<span class="sr-only visually-hidden">x</span>')).toEqual([]);
        expect(checkMarkup('<span class="sr-only">x</span>')).toHaveLength(1);
        // Each mustache branch is a class list of its own.
        expect(checkMarkup('<b class="badge {{#a}}badge-info text-bg-info{{/a}}{{^a}}badge-dark text-bg-dark{{/a}}">')).toEqual([]);
        expect(checkMarkup('<b class="badge {{#a}}badge-info{{/a}}{{^a}}text-bg-info{{/a}}">')).toHaveLength(1);
        expect(checkMarkup('<b class="ml-2 {{x}} ms-2">')).toEqual([]);
        expect(checkMarkup('<button data-toggle="collapse" data-bs-toggle="collapse">')).toEqual([]);
        expect(checkMarkup('<button data-toggle="collapse">').join()).toContain('data-bs-toggle');
        expect(checkMarkup('<button class="close" data-dismiss="alert">')).toHaveLength(2);
        expect(checkMarkup('<div data-region="x" data-action="y" data-state="{}">')).toEqual([]);
    });

    it('checks TypeScript literals: markup, selectors and class lists, not prose', () => {
        const ts = [
            "el.classList.add('sr-only');",
            "el.className = 'ml-2';",
            "const html = `<span class=\"badge badge-danger\">${x}</span>`;",
            "document.querySelector('[data-toggle=\"tooltip\"]');",
            "root.querySelector('.float-left');",
            "$(el).addClass('text-right');",
        ].join('\n');
        expect(checkTypeScript('t.ts', ts).map((p) => p.replace(/ in .*/, ''))).toEqual([
            't.ts:1: sr-only without visually-hidden',
            't.ts:2: ml-2 without ms-2',
            't.ts:3: badge-danger without text-bg-danger or bg-danger',
            't.ts:4: data-toggle without data-bs-toggle',
            't.ts:5: float-left without float-start',
            't.ts:6: text-right without text-end',
        ]);
        expect(checkTypeScript('t.ts', [
            "el.classList.add('sr-only', 'visually-hidden');",
            "el.classList.add('sr-only visually-hidden');",
            "session.close();",
            "const why = 'the door is close to the wall';",
            "on('close', f);",
            "root.querySelector('[data-bs-toggle=\"tooltip\"][data-toggle=\"tooltip\"]');",
            "el.classList.add(on ? 'ml-2' : 'mr-2', 'ms-2');",
        ].join('\n'))).toEqual(['t.ts:7: mr-2 without me-2']);
    });

    it('checks CSS selectors', () => {
        expect(checkCss('.a .sr-only, .a .visually-hidden { x: y; }')).toEqual([]);
        expect(checkCss('.a .sr-only { x: y; }')).toHaveLength(1);
        expect(checkCss('.a .sr-only.visually-hidden { x: y; } /* .ml-2 */ .b { }')).toEqual([]);
        expect(checkCss('.a .text-left { x: y; }')).toHaveLength(1);
    });
});
