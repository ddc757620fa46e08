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
BENCH_BIN := $(BUILD)/bin/attnkit_bench
# The anchors get their best flags: Eigen and the naive loops are compiled for this CPU
# (-O3 -march=native); attnkit itself is built exactly as shipped (the library's flags, no
# -march, runtime dispatch). XNNPACK and OpenBLAS are Debian's runtime-dispatching builds.
BENCH_ARCH ?= -march=native
CONFIG_VARS += BENCH_ARCH
# -Wno-maybe-uninitialized: GCC 12 false positive on _mm512_undefined_ps() inlined from Eigen.
BENCH_CXXFLAGS := -std=c++17 -O3 -g $(BENCH_ARCH) $(WARN) -Wno-maybe-uninitialized
BENCH_DEFS := -DATTNKIT_BENCH_PROBE_S8 -DATTNKIT_BENCH_ATTENTION_S8
$(BUILD)/obj/bench/%.o: PROJ_CPPFLAGS := -I$(ROOT)/lib -I$(ROOT) -isystem /usr/include/eigen3
$(BUILD)/obj/bench/%.o: OBJ_CPPFLAGS := $(BENCH_DEFS)
$(BUILD)/obj/bench/%.o: PROJ_CXXFLAGS := $(BENCH_CXXFLAGS)
$(BENCH_BIN): $(patsubst %.cc,$(BUILD)/obj/%.o,$(BENCH_SRCS)) $(LIB)
$(BENCH_BIN): private PROG_LIBS := -lbenchmark -lXNNPACK -lopenblas -lpthread
PROGRAMS += $(BENCH_BIN)
BENCH_MIN_TIME ?= 0.2
BENCH_FILTER ?= .
BENCH_REPS ?= 1
# OpenBLAS 0.3.21 does not know Zen 5 and would pick its Haswell (AVX2) kernels; SkylakeX is its
# AVX-512 kernel set, which every AVX-512 CPU runs. The strongest anchor is the fair one.
BENCH_OPENBLAS_CORE ?= $(if $(shell grep -qw avx512f /proc/cpuinfo 2>/dev/null && echo y),SkylakeX)

# Built and run in its own build dir, after bench-deps (hence the sub-make); the report reads
# only $(BENCH_OUT)/results.json.
.PHONY: bench bench-deps bench-build bench-run bench-report
bench: bench-deps
	$(MAKE) --no-print-directory -j2 BUILD=$(BENCH_OUT) bench-run
	$(BENCH_REPORT)

bench-deps:
	$(call install_pkgs,$(BENCH_PKGS))

bench-build: $(BENCH_BIN)

bench-run: $(BENCH_BIN)
	@mkdir -p $(BENCH_OUT)
	OPENBLAS_NUM_THREADS=1 OMP_NUM_THREADS=1 $(if $(BENCH_OPENBLAS_CORE),OPENBLAS_CORETYPE=$(BENCH_OPENBLAS_CORE)) \
	  ATTNKIT_BENCH_CXX="$$($(CXX) --version | head -1)" \
	  ATTNKIT_BENCH_LIB_FLAGS="$(PROJ_CXXFLAGS) $(NO_EXCEPTIONS) $(DEPFLAGS) $(CXXFLAGS) $(LIB_DEFS)" \
	  ATTNKIT_BENCH_FLAGS="$(BENCH_CXXFLAGS) $(DEPFLAGS) $(CXXFLAGS) $(BENCH_DEFS)" \
	  $(BENCH_BIN) --benchmark_min_time=$(BENCH_MIN_TIME) --benchmark_filter='$(BENCH_FILTER)' \
	  --benchmark_out=$(BENCH_OUT)/results.json --benchmark_out_format=json \
	  --benchmark_counters_tabular=false \
	  $(if $(filter-out 1,$(BENCH_REPS)),--benchmark_repetitions=$(BENCH_REPS) --benchmark_enable_random_interleaving=true)

# A filtered run prints its table but leaves docs/PERFORMANCE.md to the full run.
BENCH_REPORT = /usr/bin/python3 bench/report.py $(BENCH_OUT)/results.json \
  $(if $(filter .,$(BENCH_FILTER)),--doc docs/PERFORMANCE.md)
bench-report:
	$(BENCH_REPORT)
