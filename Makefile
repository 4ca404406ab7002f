# The two commands a newcomer needs: `make example` (set up, build, run wp on
# the shipped example workplans) and `make test`.
#
# Installing wp where it is used (README "Install"):
#   make dist        dist/wp-VERSION-linux-ARCH.tar.gz + .sha256: a self-contained
#                    binary (no Swift, no cmark-gfm needed), man page, completions
#   make deb         dist/wp_VERSION_ARCH.deb
#   make install     PREFIX=/usr/local DESTDIR=  (the same files); make uninstall
#   make test-dist   tests all of the above (CI runs it after `make test`)
SWIFT ?= swift

.PHONY: deps build release example test test-lsp test-sanitizers fuzz fuzz-smoke lint-self dist-deps stage dist deb install uninstall test-dist clean-dist FORCE

deps:
	@scripts/install-deps

build: deps
	$(SWIFT) build

# wp only: wp-serve (Hummingbird, SwiftNIO) takes minutes more in release;
# `$(SWIFT) build -c release --product wp-serve` builds it (docs/serve.md).
release: deps
	$(SWIFT) build -c release --product wp

# examples/ as the work ended; examples/in-flight/ as it stood on 2026-05-19, when
# railiance-apps' T04 still waited on railiance-platform's RAILIANCE-WP-0003.
example: release
	.build/release/wp status -C examples/railiance-apps
	@echo
	@echo '# In flight (examples/in-flight, 2026-05-19): what blocks what'
	.build/release/wp status --blocked -C examples/in-flight/railiance-apps

test: deps
	$(SWIFT) test
	$(MAKE) test-lsp

# `wp lsp` end to end: pytest-lsp over the protocol, and headless Neovim (Tests/lsp).
test-lsp: deps
	$(SWIFT) build
	cd Tests/lsp && WP_BINARY=$(CURDIR)/.build/debug/wp python3 -m pytest -q

# The whole suite under AddressSanitizer (with LeakSanitizer; XCTest's own runner objects
# suppressed), then under ThreadSanitizer (parallel parsing, the parallel lint rules),
# each in its own scratch path. WP_TEST_SANITIZER drops the address-space limit of the
# exhaustion tests, which no sanitized binary can start under (docs/reliability.md).
test-sanitizers: deps
	WP_TEST_SANITIZER=address LSAN_OPTIONS=suppressions=$(CURDIR)/Tests/lsan-suppressions.txt \
	  $(SWIFT) test --sanitize=address --scratch-path .build-asan
	WP_TEST_SANITIZER=thread TSAN_OPTIONS=suppressions=$(CURDIR)/Tests/tsan-suppressions.txt \
	  $(SWIFT) test --sanitize=thread --scratch-path .build-tsan

# libFuzzer harnesses (Fuzz/, docs/reliability.md): each harness 30 seconds from its
# seed corpus (CI), or MINUTES minutes each, growing .build-fuzz/corpus.
fuzz-smoke: deps
	scripts/fuzz --seconds 30 --smoke

MINUTES ?= 10
fuzz: deps
	nice -n 19 scripts/fuzz --minutes $(MINUTES) --parallel 2

# wp checks its own roadmap (workplans/) in CI.
lint-self: build
	.build/debug/wp lint
	.build/debug/wp status

# ---------------------------------------------------------------- packaging

VERSION := $(shell sed -n 's/.*static let current = "\([^"]*\)".*/\1/p' Sources/WorkplanKit/Support/Version.swift)
ARCH := $(shell uname -m)
DIST := dist
DIST_NAME := wp-$(VERSION)-linux-$(ARCH)
TARBALL := $(DIST)/$(DIST_NAME).tar.gz
STAGE := .build/stage/$(DIST_NAME)
# The commit's date and time, so that the man page and the archives are the
# same bytes for the same commit (SOURCE_DATE_EPOCH, when set, wins).
ifndef SOURCE_DATE_EPOCH
SOURCE_DATE_EPOCH := $(shell git log -1 --format=%ct 2>/dev/null || date +%s)
endif
SOURCE_DATE := $(shell date -u -d @$(SOURCE_DATE_EPOCH) +%F)

# C libraries linked into the dist binary from their static archives, by
# pkg-config module (scripts/static-libs). To link one more, add its module
# here (libyaml-dev ships yaml-0.1; wp reads YAML events through it).
STATIC_PKG_CONFIG := libcmark-gfm yaml-0.1
export SWIFT STATIC_PKG_CONFIG

# What the staged files are made from; the stage is rebuilt when one of them
# or the commit changes, so `sudo make install` after `make dist` builds nothing.
DIST_INPUTS := Package.swift LICENSE README.md Makefile .build/commit \
	$(shell find Sources Plugins scripts packaging -type f 2>/dev/null)

# Keeps its mtime while the commit stays; when git cannot tell (no .git, or
# `sudo make install` in a checkout root does not own) it keeps what it had.
.build/commit: FORCE
	@mkdir -p .build
	@if commit=$$(git rev-parse HEAD 2>/dev/null); then \
	  [ "$$(cat $@ 2>/dev/null)" = "$$commit" ] || echo "$$commit" >$@; \
	elif [ ! -e $@ ]; then echo unknown >$@; fi

$(STAGE)/wp: $(DIST_INPUTS)
	scripts/stage $(STAGE) $(VERSION) $(SOURCE_DATE)

stage: $(STAGE)/wp

dist: $(STAGE)/wp
	@mkdir -p $(DIST)
	tar --sort=name --owner=0 --group=0 --numeric-owner --mode=u+rw,go=rX \
	  --mtime=@$(SOURCE_DATE_EPOCH) -C $(dir $(STAGE)) -cf - $(DIST_NAME) | gzip -9n >$(TARBALL)
	cd $(DIST) && sha256sum $(DIST_NAME).tar.gz >$(DIST_NAME).tar.gz.sha256
	@echo "dist: $(TARBALL) ($$(du -h $(TARBALL) | cut -f1)), $(TARBALL).sha256"

# What packaging and its tests need beyond `make deps`: dpkg-dev, lintian,
# man-db, zsh, fish, pre-commit.
dist-deps:
	@scripts/install-dist-deps

# The .deb holds what `make install PREFIX=/usr` installs (zsh completions in
# Debian's vendor directory), plus /usr/share/doc/wp (scripts/build-deb).
DEB_ROOT := .build/deb/root
deb: $(STAGE)/wp dist-deps
	rm -rf $(DEB_ROOT)
	$(MAKE) --no-print-directory install DESTDIR=$(DEB_ROOT) PREFIX=/usr \
	  ZSH_COMPLETION_DIR=/usr/share/zsh/vendor-completions
	scripts/build-deb $(DEB_ROOT) $(STAGE) $(VERSION) $(SOURCE_DATE_EPOCH) $(DIST)

PREFIX ?= /usr/local
BINDIR ?= $(PREFIX)/bin
MANDIR ?= $(PREFIX)/share/man
BASH_COMPLETION_DIR ?= $(PREFIX)/share/bash-completion/completions
ZSH_COMPLETION_DIR ?= $(PREFIX)/share/zsh/site-functions
FISH_COMPLETION_DIR ?= $(PREFIX)/share/fish/vendor_completions.d
INSTALLED := $(BINDIR)/wp $(MANDIR)/man1/wp.1 $(BASH_COMPLETION_DIR)/wp \
	$(ZSH_COMPLETION_DIR)/_wp $(FISH_COMPLETION_DIR)/wp.fish

install: $(STAGE)/wp
	install -d $(DESTDIR)$(BINDIR) $(DESTDIR)$(MANDIR)/man1 $(DESTDIR)$(BASH_COMPLETION_DIR) \
	  $(DESTDIR)$(ZSH_COMPLETION_DIR) $(DESTDIR)$(FISH_COMPLETION_DIR)
	install -m 0755 $(STAGE)/wp $(DESTDIR)$(BINDIR)/wp
	install -m 0644 $(STAGE)/doc/wp.1 $(DESTDIR)$(MANDIR)/man1/wp.1
	install -m 0644 $(STAGE)/complete/wp.bash $(DESTDIR)$(BASH_COMPLETION_DIR)/wp
	install -m 0644 $(STAGE)/complete/_wp $(DESTDIR)$(ZSH_COMPLETION_DIR)/_wp
	install -m 0644 $(STAGE)/complete/wp.fish $(DESTDIR)$(FISH_COMPLETION_DIR)/wp.fish

# Removes exactly what `install` wrote (same PREFIX and DESTDIR), nothing else.
uninstall:
	rm -f $(addprefix $(DESTDIR),$(INSTALLED))

# Runs the packaged binary without a Swift toolchain, checks the tarball, the
# .deb (lintian, dpkg into a scratch root), the man page, the completions and
# the pre-commit hook (Tests/dist/README.md).
test-dist: dist deb
	Tests/dist/run $(TARBALL) $(DIST)/wp_$(VERSION)_$$(dpkg --print-architecture).deb

clean-dist:
	rm -rf $(DIST) .build/stage .build/deb .build/dist .build/static-libs
