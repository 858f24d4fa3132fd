# Warnings and target flags live in INTERFACE targets, never in global flags.
add_library(phaselearn_warnings INTERFACE)
target_compile_options(phaselearn_warnings INTERFACE -Wall -Wextra -Wpedantic -Wshadow
                       -Wnon-virtual-dtor -Wno-unused-parameter
                       -Wno-missing-field-initializers)  # partial aggregates are deliberate

add_library(phaselearn_arch INTERFACE)
if(PHASELEARN_NATIVE)
  target_compile_options(phaselearn_arch INTERFACE -march=native)
endif()
