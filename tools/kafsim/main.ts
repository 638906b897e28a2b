// CLI: npm run kafsim -- --port N [options]. A thin wrapper over startKafSim().

import {startKafSim, type KafSimOptions} from './server.js';
import {CERT_KINDS, type CertKind} from './tls.js';

const USAGE = `Usage: npm run kafsim -- [options]
  --port N               port on 127.0.0.1 (default 0: a free port)
  --latency-ms M         milliseconds added to every response
  --user U               admin username (default admin@example.com)
  --password P           admin password (default kafsim-admin)
  --tls                  HTTPS with a certificate signed by the test CA (both paths are printed)
  --tls-ca-dir DIR       the test CA's folder (default ~/.cache/tool_kalturalti13/test-ca; made once)
  --tls-cert KIND        good (default) | expired | wrongname | untrusted
  --tls-dir DIR          where to write cert.pem / key.pem (default: a new temp directory)
  --partner-id ID        partner id (default 12345)
  --state FILE           start-up state JSON ({"modules": {"hosted": {...}}})
  --session-ttl SECONDS  session lifetime, sliding (default 1800)
  --csrf [session|render]  anti-forgery token in forms (one per session by default)
  --lti13-fields MODE    hidden (default) | after-save
  --public-url URL       base URL KAF believes it has (for redirect_uri)
  --help`;

/**
 * Parses the command line.
 *
 * @param argv arguments after the script
 * @returns options
 */
export function parseArgs(argv: string[]): KafSimOptions {
    const o: KafSimOptions = {};
    const args = argv.flatMap((a) => (/^--[^=]+=/.test(a) ? [a.slice(0, a.indexOf('=')), a.slice(a.indexOf('=') + 1)] : [a]));
    for (let i = 0; i < args.length; i++) {
        const a = args[i] ?? '';
        const next = (): string => {
            const v = args[++i];
            if (v === undefined) {
                throw new Error(`${a} needs a value`);
            }
            return v;
        };
        const num = (): number => {
            const v = Number(next());
            if (!Number.isFinite(v) || v < 0) {
                throw new Error(`${a} needs a non-negative number`);
            }
            return v;
        };
        switch (a) {
            case '--port': o.port = num(); break;
            case '--latency-ms': o.latencyMs = num(); break;
            case '--user': o.user = next(); break;
            case '--password': o.password = next(); break;
            case '--tls': o.tls = true; break;
            case '--tls-dir': o.tlsDir = next(); break;
            case '--tls-ca-dir': o.tlsCaDir = next(); break;
            case '--tls-cert': {
                const v = next();
                if (!CERT_KINDS.includes(v as CertKind)) {
                    throw new Error('--tls-cert must be one of ' + CERT_KINDS.join(', '));
                }
                o.tlsCert = v as CertKind;
                break;
            }
            case '--partner-id': o.partnerId = next(); break;
            case '--state': o.state = next(); break;
            case '--session-ttl': o.sessionTtl = num(); break;
            case '--public-url': o.publicUrl = next(); break;
            case '--csrf': {
                const v = args[i + 1];
                if (v === 'session' || v === 'render') {
                    o.csrf = v;
                    i++;
                } else {
                    o.csrf = true;
                }
                break;
            }
            case '--lti13-fields': {
                const v = next();
                if (v !== 'hidden' && v !== 'after-save') {
                    throw new Error('--lti13-fields must be hidden or after-save');
                }
                o.lti13Fields = v;
                break;
            }
            case '--help': case '-h':
                console.log(USAGE);
                process.exit(0);
                break;
            default:
                throw new Error(`unknown option ${a}`);
        }
    }
    return o;
}

/**
 * Starts the simulator from the command line and stops it on SIGINT/SIGTERM.
 */
async function main(): Promise<void> {
    let options: KafSimOptions;
    try {
        options = parseArgs(process.argv.slice(2));
    } catch (e) {
        console.error(`kafsim: ${(e as Error).message}\n${USAGE}`);
        process.exit(2);
    }
    const sim = await startKafSim(options);
    if (sim.certPath) {
        console.log(`kafsim certificate ${sim.certPath}`);
        console.log(`kafsim ca ${sim.caPath}`);
    }
    console.log(`kafsim listening on ${sim.url}`);
    let stopping = false;
    const stop = (signal: string): void => {
        if (stopping) {
            return;
        }
        stopping = true;
        sim.close().then(() => {
            console.log(`kafsim stopped (${signal})`);
            process.exit(0);
        }).catch((e: unknown) => {
            console.error(`kafsim: error while stopping: ${String(e)}`);
            process.exit(1);
        });
    };
    process.on('SIGINT', () => stop('SIGINT'));
    process.on('SIGTERM', () => stop('SIGTERM'));
}

main().catch((e: unknown) => {
    console.error(`kafsim: ${(e as Error).message ?? String(e)}`);
    process.exit(1);
});
