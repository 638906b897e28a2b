import {defineConfig} from 'vitest/config';

// Two projects: the page's modules under jsdom, the KAF simulator under node.
export default defineConfig({
    test: {
        projects: [
            {
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
        ],
    },
});
