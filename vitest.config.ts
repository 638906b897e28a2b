import {fileURLToPath} from 'node:url';
import {defineConfig} from 'vitest/config';

// Two projects: the page's modules under jsdom, the KAF simulator under node.
export default defineConfig({
    test: {
        projects: [
            {
                // Moodle's core AMD modules exist only inside Moodle: unit tests get small stand-ins (tests/js/stubs).
                resolve: {
                    alias: {
                        'core/ajax': fileURLToPath(new URL('./tests/js/stubs/core-ajax.ts', import.meta.url)),
                        'core/str': fileURLToPath(new URL('./tests/js/stubs/core-str.ts', import.meta.url)),
                    },
                },
                test: {
                    name: 'unit',
                    environment: 'jsdom',
                    include: ['tests/js/**/*.test.ts'],
                },
            },
            {
                test: {
                    name: 'kafsim',
                    environment: 'node',
                    include: ['tools/kafsim/test/**/*.test.ts'],
                    testTimeout: 20000,
                },
            },
            {
                test: {
                    name: 'build',
                    environment: 'node',
                    include: ['tests/build/**/*.test.ts'],
                    testTimeout: 120000,
                },
            },
            {
                test: {
                    name: 'integration',
                    environment: 'jsdom',
                    include: ['tests/integration/**/*.test.ts'],
                    testTimeout: 60000,
                },
            },
            {
                test: {
                    name: 'e2e',
                    environment: 'node',
                    include: ['tests/e2e/*.test.ts'],
                    testTimeout: 180000,
                    hookTimeout: 60000,
                    // The files share one live Moodle site and reset it: one file at a time, whatever the core count.
                    pool: 'forks',
                    poolOptions: {forks: {singleFork: true}},
                },
            },
            {
                // Several PHP processes at once against a Moodle tier's site (scripts/moodle.sh concurrency).
                test: {
                    name: 'site',
                    environment: 'node',
                    include: ['tests/site/*.test.ts'],
                    testTimeout: 180000,
                    pool: 'forks',
                    poolOptions: {forks: {singleFork: true}},
                },
            },
            {
                // Installs the ZIP through Moodle's own plugin installer; scripts/e2e.sh runs it first, on 4.5 and 5.1.
                test: {
                    name: 'e2e-install',
                    environment: 'node',
                    include: ['tests/e2e/install/*.test.ts'],
                    testTimeout: 300000,
                    hookTimeout: 60000,
                    pool: 'forks',
                    poolOptions: {forks: {singleFork: true}},
                },
            },
        ],
    },
});
