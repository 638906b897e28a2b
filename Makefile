# tool_kalturalti13 — the two commands: `make demo` and `make test`.
.PHONY: test demo build bench zip lint kafsim clean

test:
	bash scripts/test.sh

demo:
	bash scripts/demo.sh

build:
	bash scripts/deps.sh
	npm run build

lint:
	bash scripts/deps.sh
	bash scripts/lint.sh

bench:
	bash scripts/bench.sh

zip:
	bash scripts/zip.sh

clean:
	rm -rf build test-results tool_kalturalti13.zip
