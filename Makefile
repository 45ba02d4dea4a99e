# Thin wrapper over CMake: make run | make test | make bench | make fuzz | make install
#
# A user's build (run, install, bench) does not stop on a warning: a newer
# compiler must not keep a learner from the app. Developer builds (test,
# fuzz) and CI (WERROR=ON on every tree) treat warnings as errors.
JOBS ?= $(shell nproc 2>/dev/null || echo 2)
WERROR ?= OFF

.PHONY: run build test bench fuzz clean install format format-check

build:
	@scripts/deps.sh run
	cmake -S . -B build -DCMAKE_BUILD_TYPE=Release -DBDW_TESTS=OFF -DBDW_WERROR=$(WERROR) >/dev/null
	cmake --build build -j$(JOBS)

run: build
	./build/bdw

test:
	@scripts/deps.sh test
	cmake -S . -B build-test -DCMAKE_BUILD_TYPE=Debug -DBDW_SANITIZE=ON -DBDW_WERROR=ON >/dev/null
	cmake --build build-test -j$(JOBS)
	cd build-test && UBSAN_OPTIONS=halt_on_error=1:print_stacktrace=1 \
	  ASAN_OPTIONS=detect_leaks=1 ctest --output-on-failure -j$(JOBS)

bench:
	@scripts/deps.sh bench
	cmake -S . -B build-bench -DCMAKE_BUILD_TYPE=Release -DBDW_TESTS=OFF -DBDW_WERROR=$(WERROR) >/dev/null
	cmake --build build-bench -j$(JOBS)
	bench/run.sh build-bench

fuzz:
	@scripts/deps.sh test
	CC=clang cmake -S . -B build-fuzz -DCMAKE_BUILD_TYPE=Debug -DBDW_FUZZ=ON -DBDW_WERROR=ON >/dev/null
	cmake --build build-fuzz -j$(JOBS)

install: build
	cmake --install build

# Formats every C file in the repository with its .clang-format; the check
# (CI) changes nothing and fails on the first file that differs.
format:
	@scripts/format.sh

format-check:
	@scripts/deps.sh test
	@scripts/format.sh --check

clean:
	rm -rf build build-test build-bench build-fuzz
