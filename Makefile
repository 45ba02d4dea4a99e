# Thin wrapper over CMake: make run | make test | make bench
JOBS ?= $(shell nproc 2>/dev/null || echo 2)

.PHONY: run build test bench fuzz clean install

build:
	@scripts/deps.sh run
	cmake -S . -B build -DCMAKE_BUILD_TYPE=Release >/dev/null
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
	cmake -S . -B build-bench -DCMAKE_BUILD_TYPE=Release >/dev/null
	cmake --build build-bench -j$(JOBS)
	bench/run.sh build-bench

fuzz:
	@scripts/deps.sh test
	CC=clang cmake -S . -B build-fuzz -DCMAKE_BUILD_TYPE=Debug -DBDW_FUZZ=ON >/dev/null
	cmake --build build-fuzz -j$(JOBS)

install: build
	cmake --install build

clean:
	rm -rf build build-test build-bench build-fuzz
