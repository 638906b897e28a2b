import {describe, expect, it} from 'vitest';
import fc from 'fast-check';
import {editForm, findSaveButton, formData, formValues, parseHtml, readForms, successfulControls, type KafForm}
    from '../../amd/src/local/kafform';
import {hostedHtml} from './fixtures';

/**
 * The Hosted fixture's form.
 *
 * @param html page
 * @returns form
 */
function form(html = hostedHtml()): KafForm {
    const f = readForms(parseHtml(html), '/admin/config/tab/hosted')[0];
    if (!f) {
        throw new Error('no form');
    }
    return f;
}

describe('kafform', () => {
    it('reads successful controls as a browser would', () => {
        const f = form();
        const save = findSaveButton(f);
        expect(save?.name).toBe('save');
        const sent = successfulControls(f, save);
        const names = sent.map((x) => x.name);
        expect(names).toContain('csrf_token');
        expect(names).toContain('showEmbedCode');
        expect(names).not.toContain('off');
        expect(names).not.toContain('gone');
        expect(names[names.length - 1]).toBe('save');
        expect(sent.find((x) => x.name === 'authMethod')?.value).toBe('lti');
        expect(sent.find((x) => x.name === 'footerText')?.value).toBe('Line 1\nLine 2 & more');
        expect(f.method).toBe('POST');
        expect(f.action).toBe('/admin/config/tab/hosted');
    });

    it('posts line breaks as CRLF', () => {
        expect(formData(form(), null).find((x) => x.name === 'footerText')?.value).toBe('Line 1\r\nLine 2 & more');
    });

    it('changes only the named fields and refuses impossible edits', () => {
        const f = form();
        const r = editForm(f, new Map([['authMethod', 'lti1.3'], ['lti13ClientId', 'abc'], ['off', '1']]));
        if ('problem' in r) {
            throw new Error('unexpected problem');
        }
        const v = formValues(r.form);
        expect(v.get('authMethod')).toEqual(['lti1.3']);
        expect(v.get('lti13ClientId')).toEqual(['abc']);
        expect(v.get('off')).toEqual(['1']);
        expect(editForm(f, new Map([['nosuch', 'x']]))).toEqual({problem: {kind: 'missing', field: 'nosuch'}});
        const problem = {kind: 'nooption', field: 'authMethod', value: 'lti2'};
        expect(editForm(f, new Map([['authMethod', 'lti2']]))).toEqual({problem});
    });

    it('selects the first option when none is selected, the last when several are', () => {
        const doc = parseHtml('<form method="post"><select name="a"><option>x</option><option>y</option></select>'
            + '<select name="b"><option selected>1</option><option selected>2</option></select></form>');
        const f = readForms(doc, '/p')[0]!;
        expect(successfulControls(f, null)).toEqual([{name: 'a', value: 'x'}, {name: 'b', value: '2'}]);
        expect(f.action).toBe('/p');
    });

    it('property: after an edit every unplanned control sends exactly what it did', () => {
        const name = fc.stringMatching(/^[a-zA-Z][a-zA-Z0-9_[\]]{0,8}$/);
        const text = fc.string({maxLength: 12});
        const esc = (s: string): string => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/"/g, '&quot;');
        const control = fc.oneof(
            fc.record({k: fc.constant('text'), n: name, v: text}),
            fc.record({k: fc.constant('hidden'), n: name, v: text}),
            fc.record({k: fc.constant('textarea'), n: name, v: text}),
            fc.record({k: fc.constant('checkbox'), n: name, v: text, c: fc.boolean()}),
            fc.record({k: fc.constant('select'), n: name, o: fc.uniqueArray(text, {minLength: 1, maxLength: 4}), s: fc.nat(5)}),
        );
        const html = (cs: Array<Record<string, unknown>>): string => '<form method="post" action="/x">' + cs.map((c) => {
            const n = esc(String(c.n));
            switch (c.k) {
                case 'textarea': return `<textarea name="${n}">${esc(String(c.v))}</textarea>`;
                case 'checkbox': return `<input type="checkbox" name="${n}" value="${esc(String(c.v))}"${c.c ? ' checked' : ''}>`;
                case 'select': return `<select name="${n}">` + (c.o as string[]).map((o, i) =>
                    `<option value="${esc(o)}"${i === c.s ? ' selected' : ''}>${esc(o)}</option>`).join('') + '</select>';
                default: return `<input type="${c.k}" name="${n}" value="${esc(String(c.v))}">`;
            }
        }).join('') + '<input type="submit" name="save" value="Save"></form>';
        fc.assert(fc.property(fc.array(control, {minLength: 1, maxLength: 10}), fc.nat(), text, (cs, pick, value) => {
            const f = readForms(parseHtml(html(cs)), '/x')[0]!;
            const names = Array.from(formValues(f).keys());
            const target = names[pick % names.length]!;
            const targets = f.controls.filter((c) => c.name === target);
            let plannedValue = value;
            if (targets[0]?.type === 'select') {
                plannedValue = targets[0].options[0]!.value;
            } else if (targets[0]?.type === 'checkbox') {
                plannedValue = targets[0].value;
            }
            const r = editForm(f, new Map([[target, plannedValue]]));
            if ('problem' in r) {
                // Repeated names are refused rather than guessed.
                return targets.length > 1;
            }
            const unplanned = (fs: Array<{name: string; value: string}>) => fs.filter((x) => x.name !== target);
            expect(unplanned(successfulControls(r.form, null))).toEqual(unplanned(successfulControls(f, null)));
            return true;
        }), {numRuns: 300});
    });
});
