# The machine make runs on (native g++): the library with every port found, the CLI, the examples.
TARGET_KIND := host
PORTS := highway xsimd
ALL_EXTRA := tools examples
