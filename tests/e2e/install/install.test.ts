// The ZIP installed the way an administrator installs it: Site administration > Plugins > Install plugins, upload,
// validation, the plugins check and the database upgrade, in Chromium, on a real Moodle 4.5 or 5.1 site. scripts/e2e.sh runs
// this before the other browser tests, which then use the plugin it installed.
import {afterAll, beforeAll, describe, expect, it} from 'vitest';
import {execFileSync} from 'node:child_process';
import {existsSync, readFileSync} from 'node:fs';
import path from 'node:path';
import type {Browser} from 'playwright-core';
import {gotoTool, launch, login, moodleDir, moodleDirroot, moodleUrl, screenshot} from '../harness';

const zip = process.env.KLTI_ZIP ?? '';
const plugindir = path.join(moodleDirroot, 'admin', 'tool', 'kalturalti13');
let browser: Browser;

/**
 * One file of the ZIP, as bytes.
 *
 * @param name its path inside the ZIP
 * @returns its content
 */
function fromZip(name: string): Buffer {
    const read = 'import sys, zipfile; sys.stdout.buffer.write(zipfile.ZipFile(sys.argv[1]).read(sys.argv[2]))';
    return execFileSync('python3', ['-c', read, zip, name]);
}

/**
 * Runs a PHP snippet in the test site (CLI) and returns what it prints.
 *
 * @param code PHP code run after config.php
 * @returns its output
 */
function sitePhp(code: string): string {
    return execFileSync('php', ['-r', `define('CLI_SCRIPT', true); require('${moodleDir}/config.php'); ${code}`],
        {encoding: 'utf8'}).trim();
}

beforeAll(async() => {
    expect(existsSync(zip), `KLTI_ZIP (${zip}) is the ZIP scripts/zip.sh built`).toBe(true);
    // Start from a site without the plugin: uninstall it the way Moodle does, and take its folder away.
    if (existsSync(plugindir)) {
        execFileSync('php', [path.join(moodleDir, 'admin/cli/uninstall_plugins.php'), '--plugins=tool_kalturalti13', '--run'],
            {encoding: 'utf8'});
        execFileSync('rm', ['-rf', plugindir]);
        execFileSync('php', [path.join(moodleDir, 'admin/cli/purge_caches.php')]);
    }
    expect(sitePhp("echo json_encode(get_config('tool_kalturalti13', 'version'));")).toBe('false');
    browser = await launch();
});

afterAll(async() => {
    await browser?.close();
});

describe('installing the ZIP through Site administration > Plugins > Install plugins', () => {
    it('uploads, validates, installs and upgrades, and the page then works', async() => {
        const page = await (await browser.newContext({viewport: {width: 1280, height: 1000}})).newPage();
        await login(page);
        await page.goto(`${moodleUrl}/admin/tool/installaddon/index.php`);

        // The file picker: Choose a file... > Upload a file > the ZIP > Upload this file.
        await page.locator('.filepicker .fp-btn-choose, input[name="zipfilechoose"]').first().click();
        const picker = page.locator('.moodle-dialogue-base:visible .file-picker, .file-picker.fp-generallayout:visible').first();
        await picker.waitFor();
        // The picker opens on its default repository and lists it over AJAX; a listing that lands after the upload
        // form was chosen replaces that form (seen once, on a loaded machine), so the form is chosen only when the
        // picker is quiet, and filled only once it is the one shown.
        await page.waitForLoadState('networkidle');
        await picker.locator('.fp-repo-name', {hasText: 'Upload a file'}).click();
        const form = picker.locator('.fp-upload-form');
        await form.waitFor();
        await page.waitForLoadState('networkidle');
        await form.locator('input[type="file"]').setInputFiles(zip);
        const uploaded = page.waitForResponse((r) => r.url().includes('/repository/repository_ajax.php?action=upload'));
        await picker.locator('.fp-upload-btn').click();
        // Moodle's answer to the upload, so a refused upload fails here with Moodle's own words.
        const answer = await (await uploaded).json() as {error?: string; event?: string};
        expect(answer.error, 'the upload repository accepted the ZIP').toBeUndefined();
        await page.locator('.filepicker-filename', {hasText: path.basename(zip)}).waitFor();
        await screenshot(page, 'install-1-upload');
        await Promise.all([page.waitForNavigation(), page.click('#id_submitbutton')]);

        // Moodle's validator: the package is the plugin it says it is.
        const validation = await page.locator('#region-main').innerText();
        expect(validation).toContain('tool_kalturalti13');
        expect(validation).toContain('Validation successful, installation can continue');
        expect(validation).not.toMatch(/\[Error\]/);
        // Moodle warns about a beta release; nothing else.
        expect(validation.match(/\[Warning\][^\n]*/g)).toEqual(['[Warning] Declared maturity level [MATURITY_BETA] ']);
        await screenshot(page, 'install-2-validation');
        await Promise.all([page.waitForNavigation(), page.getByRole('button', {name: /Continue|Install plugin/}).click()]);

        // Moodle's upgrade screens: the server checks, the plugins check (listing it as to be installed), the
        // database upgrade. Each is passed the way an administrator passes it, by its button.
        let sawPluginCheck = false;
        for (let screen = 0; screen < 6; screen++) {
            const main = await page.locator('#region-main').innerText();
            if (/tool_kalturalti13[\s\S]*Success/.test(main)) {
                break;
            }
            const upgradeNow = page.getByRole('button', {name: 'Upgrade Moodle database now'});
            if (await upgradeNow.count()) {
                expect(main).toMatch(/Kaltura LTI 1\.3 upgrade[\s\S]*To be installed/);
                sawPluginCheck = true;
                await screenshot(page, 'install-3-plugins-check');
                await Promise.all([page.waitForNavigation({timeout: 240000}), upgradeNow.click()]);
                continue;
            }
            await Promise.all([page.waitForNavigation(), page.getByRole('button', {name: 'Continue'}).first().click()]);
        }
        expect(sawPluginCheck).toBe(true);
        const upgrade = await page.locator('#region-main').innerText();
        expect(upgrade).toMatch(/tool_kalturalti13[\s\S]*Success/);
        await screenshot(page, 'install-4-upgraded');

        // What is installed is the ZIP's, byte for byte, and Moodle runs the ZIP's version.
        for (const f of ['version.php', 'amd/build/page.min.js', 'amd/build/engine-lazy.min.js', 'lang/en/tool_kalturalti13.php']) {
            expect(readFileSync(path.join(plugindir, f)).equals(fromZip(`kalturalti13/${f}`)), f).toBe(true);
        }
        const zipVersion = /\$plugin->version\s*=\s*(\d+)/.exec(fromZip('kalturalti13/version.php').toString())?.[1];
        expect(sitePhp("echo get_config('tool_kalturalti13', 'version');")).toBe(zipVersion);

        // The installed plugin's page opens and shows its checklist.
        await gotoTool(page);
        expect(await page.locator('[data-region="preflight"] li[data-check]').count()).toBeGreaterThan(0);
        await page.context().close();
    });
});
