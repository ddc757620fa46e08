# make bench: side-by-side benchmarks (issue 6). bench/*.cc time attnkit next to the anchors
# (XNNPACK, Eigen, OpenBLAS, naive loops) in one single-threaded process, named OP/IMPL/SIZE;
# Google Benchmark's JSON goes to build/bench/results.json, then bench/report.py prints the
# ratio table and rewrites docs/PERFORMANCE.md. Own build dir; not part of `make test`.
#   make bench BENCH_FILTER=softmax     only the benchmarks whose name matches the regex (the
#                                       table is printed; docs/PERFORMANCE.md is left alone)
#   make bench BENCH_MIN_TIME=0.5       longer runs per benchmark (seconds)
#   make bench BENCH_REPS=3             repetitions in random order; the report keeps the fastest
BENCH_PKGS := g++ make libbenchmark-dev libxnnpack-dev libpthreadpool-dev libopenblas-dev \
              libeigen3-dev python3
BENCH_OUT := build/bench
BENCH_SRCS := $(wildcard bench/*.cc)
BENCH_OBJS := $(patsubst %.cc,$(BUILD)/obj/%.o,$(BENCH_SRCS))
BENCH_BIN := $(BUILD)/bin/attnkit_bench
# The anchors get their best flags: Eigen and the naive loops are compiled for this CPU
# (-O3 -march=native); attnkit itself is built exactly as shipped (the library's flags, no
# -march, runtime dispatch). XNNPACK and OpenBLAS are Debian's runtime-dispatching builds.
BENCH_ARCH ?= -march=native
# -Wno-maybe-uninitialized: GCC 12 false positive on _mm512_undefined_ps() inlined from Eigen.
BENCH_CXXFLAGS := -std=c++17 -O3 -g $(BENCH_ARCH) $(WARN) -Wno-maybe-uninitialized -MMD -MP
BENCH_CPPFLAGS := -I$(ROOT)/lib -I$(ROOT) -isystem /usr/include/eigen3
BENCH_LIBS := -lbenchmark -lXNNPACK -lopenblas -lpthread
# Integer kernels are benchmarked once the library declares and defines them: $(call
# bench_have,header,fn...) is non-empty when the header declares and lib/src defines every fn.
BENCH_OPEN := (
bench_have = $(if $(strip $(foreach f,$(2),$(if $(and $(shell grep -ls 'status $(f)$(BENCH_OPEN)' $(1) 2>/dev/null),$(shell grep -ls '^status $(f)$(BENCH_OPEN)' lib/src/*.cc 2>/dev/null)),,missing))),,yes)
BENCH_DEFS := $(if $(call bench_have,lib/attnkit/probe.h,probe_s8 probe_quantize_s8),-DATTNKIT_BENCH_PROBE_S8) \
              $(if $(call bench_have,lib/attnkit/attention.h,attention_s8 mha_s8 mha_quantize_s8),-DATTNKIT_BENCH_ATTENTION_S8)
BENCH_MIN_TIME ?= 0.2
BENCH_FILTER ?= .
BENCH_REPS ?= 1
# OpenBLAS 0.3.21 does not know Zen 5 and would pick its Haswell (AVX2) kernels; SkylakeX is its
# AVX-512 kernel set, which every AVX-512 CPU runs. The strongest anchor is the fair one.
BENCH_OPENBLAS_CORE ?= $(if $(shell grep -qw avx512f /proc/cpuinfo 2>/dev/null && echo y),SkylakeX)

# The library's objects do not record their flags, and LIB_DEFS lists the ports found at make
# time: in the bench build, rebuild them when that list changes (a port landed or left).
ifeq ($(BUILD),$(BENCH_OUT))
BENCH_DEFS_STAMP := $(BUILD)/lib_defs.$(shell echo '$(LIB_DEFS)' | md5sum | cut -c1-12)
$(BENCH_DEFS_STAMP):
	@mkdir -p $(@D) && rm -f $(BUILD)/lib_defs.* && touch $@
$(LIB_OBJS): $(BENCH_DEFS_STAMP)
endif

$(BUILD)/obj/bench/%.o: bench/%.cc
	@mkdir -p $(@D)
	$(CXX) $(BENCH_CPPFLAGS) $(BENCH_DEFS) $(BENCH_CXXFLAGS) -c $< -o $@

$(BENCH_BIN): $(BENCH_OBJS) $(LIB)
	@mkdir -p $(@D)
	$(CXX) $(LDFLAGS) $(BENCH_OBJS) $(LIB) $(BENCH_LIBS) -o $@

.PHONY: bench bench-deps bench-build bench-run bench-report
bench: bench-deps
	$(MAKE) --no-print-directory -j2 BUILD=$(BENCH_OUT) bench-build
	$(MAKE) --no-print-directory BUILD=$(BENCH_OUT) bench-run bench-report

bench-deps:
	$(call install_pkgs,$(BENCH_PKGS))

bench-build: $(BENCH_BIN)

bench-run:
	@mkdir -p $(BENCH_OUT)
	OPENBLAS_NUM_THREADS=1 OMP_NUM_THREADS=1 $(if $(BENCH_OPENBLAS_CORE),OPENBLAS_CORETYPE=$(BENCH_OPENBLAS_CORE)) \
	  ATTNKIT_BENCH_CXX="$$($(CXX) --version | head -1)" \
	  ATTNKIT_BENCH_LIB_FLAGS="$(CXXFLAGS_BASE) $(LIB_DEFS)" \
	  ATTNKIT_BENCH_FLAGS="$(BENCH_CXXFLAGS) $(BENCH_DEFS)" \
	  $(BENCH_BIN) --benchmark_min_time=$(BENCH_MIN_TIME) --benchmark_filter='$(BENCH_FILTER)' \
	  --benchmark_out=$(BENCH_OUT)/results.json --benchmark_out_format=json \
	  --benchmark_counters_tabular=false \
	  $(if $(filter-out 1,$(BENCH_REPS)),--benchmark_repetitions=$(BENCH_REPS) --benchmark_enable_random_interleaving=true)

# A filtered run prints its table but leaves docs/PERFORMANCE.md to the full run.
bench-report:
	/usr/bin/python3 bench/report.py $(BENCH_OUT)/results.json $(if $(filter .,$(BENCH_FILTER)),--doc docs/PERFORMANCE.md)
