#!/usr/bin/env bash
# Packages the plugin for Moodle's plugin installer: tool_kalturalti13.zip with one folder kalturalti13/.
# Only what a Moodle site needs: no node_modules, no dev tooling, no simulator, no test fixtures.
set -euo pipefail
cd "$(dirname "$0")/.."
out=${1:-tool_kalturalti13.zip}
python3 - "$out" <<'PY'
import os, subprocess, sys, zipfile
out = sys.argv[1]
ship_dirs = ('amd/build/', 'amd/src/', 'classes/', 'db/', 'lang/', 'templates/', 'pix/')
ship_files = {'styles.css', 'LICENSE', 'thirdpartylibs.xml'}
# The ZIP's README is the administrators' one; the developer README.md stays in the repository.
renamed = {'docs/README.admin.md': 'README.md'}
files = subprocess.run(['git', 'ls-files', '--cached', '--others', '--exclude-standard'],
                       capture_output=True, text=True, check=True).stdout.split('\n')
# Every top-level PHP file is a page or a Moodle hook file (version.php, settings.php, index.php, report.php...).
chosen = sorted(f for f in files if f and os.path.isfile(f)
                and (f in ship_files or f.startswith(ship_dirs) or ('/' not in f and f.endswith('.php'))))
chosen += sorted(renamed)
with zipfile.ZipFile(out, 'w', zipfile.ZIP_DEFLATED) as z:
    for f in chosen:
        info = zipfile.ZipInfo('kalturalti13/' + renamed.get(f, f), date_time=(2026, 1, 1, 0, 0, 0))
        info.external_attr = 0o644 << 16
        info.compress_type = zipfile.ZIP_DEFLATED
        with open(f, 'rb') as fh:
            z.writestr(info, fh.read())
print(f'{out}: {len(chosen)} files')
PY
