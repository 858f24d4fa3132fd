# phaselearn_add_test(<name> SOURCES <files> [LIBS <targets>] [NP <ranks>...] [LABELS ...])
# Builds one Boost.Test executable and registers it once per rank count in NP
# (default: 1 rank, run directly without mpiexec).
set(PHASELEARN_TEST_ENV
    "OMPI_ALLOW_RUN_AS_ROOT=1;OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1;OMPI_MCA_rmaps_base_oversubscribe=1;OMPI_MCA_btl_vader_single_copy_mechanism=none")

function(phaselearn_add_test name)
  cmake_parse_arguments(T "" "TIMEOUT" "SOURCES;LIBS;NP;LABELS" ${ARGN})
  add_executable(${name} ${T_SOURCES})
  target_link_libraries(${name} PRIVATE ${T_LIBS} Boost::unit_test_framework
                        phaselearn_warnings phaselearn_arch)
  target_compile_definitions(${name} PRIVATE BOOST_TEST_DYN_LINK)
  target_include_directories(${name} PRIVATE ${PROJECT_SOURCE_DIR}/tests)
  if(NOT T_TIMEOUT)
    set(T_TIMEOUT 300)
  endif()
  if(NOT T_NP)
    add_test(NAME ${name} COMMAND ${name} WORKING_DIRECTORY ${CMAKE_CURRENT_BINARY_DIR})
    set_tests_properties(${name} PROPERTIES ENVIRONMENT "${PHASELEARN_TEST_ENV}"
                         TIMEOUT ${T_TIMEOUT} LABELS "${T_LABELS}")
  endif()
  foreach(np IN LISTS T_NP)
    add_test(NAME ${name}_np${np}
             COMMAND ${MPIEXEC_EXECUTABLE} ${MPIEXEC_NUMPROC_FLAG} ${np} ${MPIEXEC_PREFLAGS}
                     $<TARGET_FILE:${name}> ${MPIEXEC_POSTFLAGS}
             WORKING_DIRECTORY ${CMAKE_CURRENT_BINARY_DIR})
    set_tests_properties(${name}_np${np} PROPERTIES ENVIRONMENT "${PHASELEARN_TEST_ENV}"
                         TIMEOUT ${T_TIMEOUT} PROCESSORS ${np} LABELS "mpi;${T_LABELS}")
  endforeach()
endfunction()
