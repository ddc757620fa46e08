# What the ARM Linux machines share (aarch64.mk, armhf.mk): cross g++, programs run under
# qemu-user with the cross sysroot (mk/cross.mk), GoogleTest built for the target.
TARGET_KIND := linux-cross
ALL_EXTRA := examples test-build
# Highway and xsimd headers through a symlink-only include dir (never -I/usr/include: glibc
# headers would mix in). Dynamic links (qemu-user gets the sysroot with -L): the
# allocation-counting tests interpose malloc, which a static glibc refuses.
SYSINC := $(BUILD)/sysinc
$(shell mkdir -p $(SYSINC) && for h in hwy xsimd; do [ -d /usr/include/$$h ] && ln -sfn /usr/include/$$h $(SYSINC)/$$h; done; \
  ln -sfn /usr/src/googletest/googletest/include/gtest $(SYSINC)/gtest)
# _FILE_OFFSET_BITS=64: 32-bit readdir() fails with EOVERFLOW under qemu-arm on hosts whose
# directory offsets are 64-bit hashes (ext4), so the corpus replay would see empty directories.
TARGET_CPPFLAGS := -isystem $(abspath $(SYSINC)) -DGTEST_HAS_STREAM_RESULTS=0 -D_FILE_OFFSET_BITS=64

# GoogleTest from /usr/src/googletest, with its own flags; -L: every test program's plain
# -lgtest -lgtest_main then finds the target's copies.
GTEST_SRC := /usr/src/googletest/googletest
GTEST_LIBS := $(BUILD)/gtest/libgtest_main.a $(BUILD)/gtest/libgtest.a
TARGET_LDFLAGS := -L$(BUILD)/gtest
$(BUILD)/gtest/%.o: PROJ_CPPFLAGS := -DGTEST_HAS_STREAM_RESULTS=0 -I$(GTEST_SRC)/include -I$(GTEST_SRC)
$(BUILD)/gtest/%.o: PROJ_CXXFLAGS := -std=c++17 -O1 $(ARCH_FLAGS) -Wno-psabi
$(BUILD)/gtest/%.o: $(GTEST_SRC)/src/%.cc $(CONFIG_STAMP)
	@mkdir -p $(@D)
	$(COMPILE_CXX)
$(BUILD)/gtest/libgtest.a: $(BUILD)/gtest/gtest-all.o
$(BUILD)/gtest/libgtest_main.a: $(BUILD)/gtest/gtest_main.o

# Highway (ports/highway/port.mk): also compile its SCALAR target so every build dispatches
# between at least two.
HWY_CPPFLAGS := -DHWY_COMPILE_ALL_ATTAINABLE
