// Bootstrap 4 names that Moodle 5.0+ (Bootstrap 5) keeps only in a deprecated compatibility layer, to go in 6.0.
// Moodle 4.2-4.5 still need them, so each may stay only beside its Bootstrap 5 counterpart.
import ts from 'typescript';

/** One rule: a Bootstrap 4-only class and what says the same in Bootstrap 5. */
interface ClassRule {
    bs4: RegExp;
    /** The Bootstrap 5 class (or classes, any one) for a match of bs4. */
    bs5: (m: RegExpExecArray) => string[];
}

const COLOURS = 'primary|secondary|success|danger|warning|info|light|dark';
const BP = '(?:-(?:sm|md|lg|xl|xxl))?';
const SIDE = {l: 's', r: 'e'} as const;

const CLASS_RULES: ClassRule[] = [
    {bs4: /^sr-only$/, bs5: () => ['visually-hidden']},
    {bs4: /^sr-only-focusable$/, bs5: () => ['visually-hidden-focusable']},
    {bs4: /^form-group$/, bs5: () => ['mb-3', 'mb-2', 'mb-4']},
    {bs4: /^form-row$/, bs5: () => ['row']},
    {bs4: new RegExp(`^badge-(${COLOURS})$`), bs5: (m) => [`text-bg-${m[1]}`, `bg-${m[1]}`]},
    {bs4: /^badge-pill$/, bs5: () => ['rounded-pill']},
    {bs4: new RegExp(`^([mp])([lr])(${BP}-(?:n?[0-5]|auto))$`),
        bs5: (m) => [`${m[1]}${SIDE[m[2] as 'l' | 'r']}${m[3]}`]},
    {bs4: new RegExp(`^float(${BP})-(left|right)$`), bs5: (m) => [`float${m[1]}-${m[2] === 'left' ? 'start' : 'end'}`]},
    {bs4: new RegExp(`^text(${BP})-(left|right)$`), bs5: (m) => [`text${m[1]}-${m[2] === 'left' ? 'start' : 'end'}`]},
    {bs4: /^font-weight-(bold|bolder|normal|light|lighter)$/, bs5: (m) => [`fw-${m[1]}`]},
    {bs4: /^font-italic$/, bs5: () => ['fst-italic']},
    {bs4: /^text-monospace$/, bs5: () => ['font-monospace']},
    {bs4: /^(rounded|border)-(left|right)$/, bs5: (m) => [`${m[1]}-${m[2] === 'left' ? 'start' : 'end'}`]},
    {bs4: /^dropdown-menu(-(?:sm|md|lg|xl))?-(left|right)$/,
        bs5: (m) => [`dropdown-menu${m[1] ?? ''}-${m[2] === 'left' ? 'start' : 'end'}`]},
    {bs4: /^no-gutters$/, bs5: () => ['g-0']},
    {bs4: /^btn-block$/, bs5: () => ['w-100']},
    {bs4: /^close$/, bs5: () => ['btn-close']},
    {bs4: /^embed-responsive$/, bs5: () => ['ratio']},
    {bs4: /^custom-select$/, bs5: () => ['form-select']},
    {bs4: /^custom-range$/, bs5: () => ['form-range']},
    {bs4: /^custom-switch$/, bs5: () => ['form-switch']},
    {bs4: /^custom-(control|checkbox|radio)$/, bs5: () => ['form-check']},
    {bs4: /^custom-control-input$/, bs5: () => ['form-check-input']},
    {bs4: /^custom-control-label$/, bs5: () => ['form-check-label']},
    {bs4: /^custom-file(-input|-label)?$/, bs5: () => ['form-control']},
    {bs4: /^input-group-(append|prepend)$/, bs5: () => ['input-group-text', 'input-group']},
];

/** Bootstrap's JavaScript hooks that Bootstrap 5 reads only as data-bs-*. */
export const BS4_DATA = ['toggle', 'dismiss', 'target', 'placement', 'parent', 'ride', 'slide', 'slide-to', 'spy',
    'offset', 'content', 'trigger', 'container', 'backdrop', 'keyboard', 'boundary', 'interval'];

/**
 * The Bootstrap 4-only classes in a class list that have no Bootstrap 5 counterpart beside them.
 *
 * @param classes the class list (whitespace-separated)
 * @returns each offending class with the counterpart it needs
 */
export function missingBs5Classes(classes: string): string[] {
    const tokens = new Set(classes.split(/\s+/).filter((t) => t !== ''));
    const problems: string[] = [];
    for (const token of tokens) {
        for (const rule of CLASS_RULES) {
            const m = rule.bs4.exec(token);
            if (m) {
                const wanted = rule.bs5(m);
                if (!wanted.some((w) => tokens.has(w))) {
                    problems.push(`${token} without ${wanted.join(' or ')}`);
                }
            }
        }
    }
    return problems;
}

/**
 * The Bootstrap 4 data attributes in a piece of markup or a selector that have no data-bs-* beside them.
 *
 * @param text markup, an attribute list or a selector
 * @returns each offending attribute
 */
export function missingBs5Data(text: string): string[] {
    const problems: string[] = [];
    for (const m of text.matchAll(/(?<![\w-])data-([a-z-]+)/g)) {
        const name = m[1] ?? '';
        if (BS4_DATA.includes(name) && !new RegExp(`(?<![\\w-])data-bs-${name}(?![\\w-])`).test(text)) {
            problems.push(`data-${name} without data-bs-${name}`);
        }
    }
    return [...new Set(problems)];
}

/**
 * Checks markup: every class attribute, and the data attributes of each element (its start tag).
 *
 * @param html markup (a template with its mustache tags, or rendered HTML)
 * @returns the problems, each with the tag it is in
 */
export function checkMarkup(html: string): string[] {
    const problems: string[] = [];
    for (const tag of html.matchAll(/<[a-zA-Z][^<>]*>/g)) {
        const text = tag[0];
        for (const attr of text.matchAll(/\sclass\s*=\s*("([^"]*)"|'([^']*)')/g)) {
            const value = attr[2] ?? attr[3] ?? '';
            // A mustache section holds a class list of its own: {{#a}}badge-x text-bg-x{{/a}}{{^a}}...{{/a}}.
            for (const part of value.split(/\{\{[#^/][^}]*\}\}/)) {
                problems.push(...missingBs5Classes(part.replace(/\{\{\{?[^}]*\}?\}\}/g, ' ')).map((p) => `${p} in ${text}`));
            }
        }
        problems.push(...missingBs5Data(text).map((p) => `${p} in ${text}`));
    }
    return problems;
}

/**
 * Checks a stylesheet's selectors: a rule naming a Bootstrap 4-only class names its counterpart too.
 *
 * @param css the stylesheet
 * @returns the problems
 */
export function checkCss(css: string): string[] {
    const problems: string[] = [];
    for (const rule of css.replace(/\/\*[\s\S]*?\*\//g, '').matchAll(/([^{}]+)\{/g)) {
        const selector = rule[1] ?? '';
        const classes = [...selector.matchAll(/\.([a-zA-Z0-9_-]+)/g)].map((c) => c[1]).join(' ');
        problems.push(...missingBs5Classes(classes).map((p) => `${p} in ${selector.trim()}`));
        problems.push(...missingBs5Data(selector).map((p) => `${p} in ${selector.trim()}`));
    }
    return problems;
}

const CLASS_METHODS = new Set(['add', 'remove', 'toggle', 'replace', 'contains', 'addClass', 'removeClass', 'toggleClass',
    'hasClass']);

/**
 * The class list a string literal is part of: the literal arguments of classList.add() and the like (jQuery's
 * addClass too) together, or the value given to className.
 *
 * @param node the literal
 * @returns the class list, or null when the literal is not one
 */
function classListOf(node: ts.StringLiteralLike | ts.TemplateLiteralLikeNode): string | null {
    let at: ts.Node = node;
    while (ts.isTemplateExpression(at.parent) || ts.isTemplateSpan(at.parent) || ts.isBinaryExpression(at.parent)
            && at.parent.operatorToken.kind === ts.SyntaxKind.PlusToken || ts.isConditionalExpression(at.parent)
            || ts.isParenthesizedExpression(at.parent)) {
        at = at.parent;
    }
    const parent = at.parent;
    if (ts.isCallExpression(parent) && parent.arguments.includes(at as ts.Expression)
            && ts.isPropertyAccessExpression(parent.expression)) {
        return CLASS_METHODS.has(parent.expression.name.text)
            ? parent.arguments.filter(ts.isStringLiteralLike).map((a) => a.text).join(' ') + ' ' + node.text : null;
    }
    const named = (ts.isBinaryExpression(parent) && parent.right === at && ts.isPropertyAccessExpression(parent.left)
            && parent.left.name.text === 'className')
        || (ts.isPropertyAssignment(parent) && parent.initializer === at
            && /^(class|className|classes)$/.test(parent.name.getText()));
    return named ? node.text : null;
}

/**
 * Checks the string literals of a TypeScript source: markup (class attributes, data attributes), selectors
 * (.sr-only, [data-toggle]) and class lists.
 *
 * @param file the file's name
 * @param source its text
 * @returns the problems, each with its line
 */
export function checkTypeScript(file: string, source: string): string[] {
    const sf = ts.createSourceFile(file, source, ts.ScriptTarget.Latest, true);
    const problems: string[] = [];
    const visit = (node: ts.Node): void => {
        if (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node) || ts.isTemplateHead(node)
                || ts.isTemplateMiddle(node) || ts.isTemplateTail(node)) {
            const text = node.text;
            const line = sf.getLineAndCharacterOfPosition(node.getStart()).line + 1;
            const markup = /<[a-zA-Z]/.test(text);
            const found = markup ? checkMarkup(text) : missingBs5Data(text);
            if (!markup) {
                // A selector: .class names anywhere in it.
                const classes = [...text.matchAll(/(?:^|[\s,>+~(:])\.([a-zA-Z][a-zA-Z0-9_-]*)/g)].map((c) => c[1]).join(' ');
                found.push(...missingBs5Classes(classes));
            }
            const list = classListOf(node);
            if (list !== null) {
                found.push(...missingBs5Classes(list).filter((p) => missingBs5Classes(text).includes(p)));
            }
            problems.push(...[...new Set(found)].map((p) => `${file}:${line}: ${p}`));
        }
        ts.forEachChild(node, visit);
    };
    visit(sf);
    return problems;
}
