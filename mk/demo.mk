# `make demo`: the worksheet end to end into out/demo/ (tools/demo/run_demo.sh writes the
# pictures, probes, header and report.md). DATA=dir runs it on real files with the same names.
# `make bench-train`: attnkit probe train against scikit-learn (tools/bench/train_vs_sklearn.py).
DEMO_OUT ?= out/demo
TRAIN_PKGS := python3-numpy python3-sklearn  # bench-train only; mk/bench.mk owns BENCH_PKGS

.PHONY: demo bench-train deps-bench
demo: deps
	$(MAKE) --no-print-directory -j$(NPROC) tools examples
	@BUILD=$(BUILD) OUT=$(DEMO_OUT) DATA=$(DATA) tools/demo/run_demo.sh

deps-bench:
	$(call install_pkgs,$(HOST_PKGS) $(TRAIN_PKGS))

bench-train: deps-bench
	$(MAKE) --no-print-directory -j$(NPROC) tools
	@mkdir -p build/bench
	/usr/bin/python3 tools/bench/train_vs_sklearn.py $(BUILD)/bin/attnkit --json build/bench/train.json
