# The two commands a newcomer needs: `make example` (set up, build, run wp on
# the shipped example workplans) and `make test`.
SWIFT ?= swift

.PHONY: deps build release example test lint-self

deps:
	@scripts/install-deps

build: deps
	$(SWIFT) build

release: deps
	$(SWIFT) build -c release

example: release
	.build/release/wp status -C examples/railiance-apps

test: deps
	$(SWIFT) test

# wp checks its own roadmap (workplans/) in CI.
lint-self: build
	.build/debug/wp lint
	.build/debug/wp status
