// Moodle's `grunt stylelint:css` on this plugin's styles.css, as Moodle 4.5.6's Gruntfile runs it
// (.grunt/tasks/stylelint.js through grunt-stylelint 0.19.0, which hands its options to stylelint.lint):
// stylelint 15.11.0, the configuration found from the file upwards (the release tree's own .stylelintrc:
// postcss-scss syntax, stylelint-csstree-validator), quietDeprecationWarnings. Moodle's task also passes
// configOverrides {"at-rule-no-unknown": true}; stylelint 15 has no such option and ignores it, so grunt
// runs without it too, and so does this. The packages come from this project's package-lock.json at the
// versions Moodle 4.5.6's npm-shrinkwrap.json locks; configBasedir points their lookup here, since the
// release tree has no node_modules.
// grunt fails on errors only; this fails on any warning too (the plugin has none).
// Usage: node scripts/stylelint.mjs MOODLE_DIR PLUGIN_DIR
import path from 'node:path';
import {fileURLToPath} from 'node:url';
import stylelint from 'stylelint';

const [moodle, plugin] = process.argv.slice(2).map((p) => path.resolve(p));
const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
const file = path.join(plugin, 'styles.css');
if (!file.startsWith(moodle + path.sep)) {
    console.error(`stylelint: ${file} is not inside ${moodle}`);
    process.exit(2);
}
const result = await stylelint.lint({
    files: [file],
    cwd: moodle,
    configBasedir: root,
    quietDeprecationWarnings: true,
    configOverrides: {rules: {'at-rule-no-unknown': true}},
    formatter: 'string',
    allowEmptyInput: false,
});
const config = await stylelint.resolveConfig(file, {cwd: moodle, configBasedir: root});
if (!config || !config.rules || !('csstree/validator' in config.rules)) {
    console.error('stylelint: Moodle\'s .stylelintrc was not the configuration used');
    process.exit(2);
}
const warnings = result.results.reduce((n, r) => n + r.warnings.length, 0);
process.stdout.write(result.output);
if (result.errored || warnings > 0) {
    console.log(`stylelint: ${warnings} problem(s) in ${path.relative(moodle, file)}`);
    process.exit(1);
}
console.log(`stylelint: ${path.relative(moodle, file)} clean (${path.join(moodle, '.stylelintrc')})`);
