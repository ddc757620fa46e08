# Source checks that `make test` runs (each prints "1 passed, 0 failed" or "0 passed, 1 failed"):
#   check-ports: the port layout and the kernel table of docs/ARCHITECTURE.md (mk/check_ports.py;
#                UPDATE=1 rewrites the table);
#   format-check: every C++ file as clang-format (.clang-format) would write it; `make format`
#                 applies it.
CLANG_FORMAT ?= $(firstword $(shell command -v clang-format-14 clang-format 2>/dev/null) clang-format)
FORMAT_SRCS = $(shell git ls-files -co --exclude-standard -- '*.cc' '*.h' 2>/dev/null | \
                grep -v '^build/' || find lib ports tools tests bench examples -name '*.cc' -o -name '*.h')

.PHONY: check-ports format format-check check
check-ports:
	@python3 mk/check_ports.py $(if $(filter 1,$(UPDATE)),--update)

format:
	@$(CLANG_FORMAT) -i $(FORMAT_SRCS)

format-check:
	@bad=$$(for f in $(FORMAT_SRCS); do $(CLANG_FORMAT) --dry-run -Werror "$$f" >/dev/null 2>&1 || echo "$$f"; done); \
	if [ -n "$$bad" ]; then echo "format-check: not clang-formatted (make format):"; echo "$$bad"; exit 1; fi; \
	echo "format-check: $(words $(FORMAT_SRCS)) files ok"

# Both, with the one result line tests/run_ci.sh counts.
check:
	@p=0; f=0; for t in check-ports format-check; do \
	  if $(MAKE) --no-print-directory $$t; then p=$$((p + 1)); else f=$$((f + 1)); fi; done; \
	echo "$$p passed, $$f failed"
