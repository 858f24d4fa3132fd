# Run at BUILD time (cmake -P): writes OUT with the current `git describe`, touching it only
# when the text changes, so every build after a commit records that commit and a build
# with nothing new recompiles nothing.
execute_process(COMMAND git describe --always --dirty --tags
                WORKING_DIRECTORY ${SOURCE_DIR}
                OUTPUT_VARIABLE describe OUTPUT_STRIP_TRAILING_WHITESPACE ERROR_QUIET)
if(NOT describe)
  set(describe "${FALLBACK}")
endif()
set(text "#pragma once\n#define PHASELEARN_VERSION \"${describe}\"\n")
if(EXISTS ${OUT})
  file(READ ${OUT} old)
endif()
if(NOT "${old}" STREQUAL "${text}")
  file(WRITE ${OUT} "${text}")
endif()
