# All dependencies come from Debian's archive; imported targets only.
find_package(MPI REQUIRED COMPONENTS CXX)

# libhdf5-dev (serial) and libhdf5-openmpi-dev can both be installed; make sure
# the parallel flavour wins and refuse to build against the serial one.
set(HDF5_PREFER_PARALLEL TRUE)
find_package(HDF5 REQUIRED COMPONENTS C)
if(NOT HDF5_IS_PARALLEL)
  message(FATAL_ERROR "phaselearn needs the parallel (MPI) build of HDF5; found a serial one "
                      "(${HDF5_INCLUDE_DIRS}). On Debian: apt-get install libhdf5-openmpi-dev")
endif()
if(NOT TARGET HDF5::HDF5)
  add_library(HDF5::HDF5 INTERFACE IMPORTED)
  target_include_directories(HDF5::HDF5 INTERFACE ${HDF5_INCLUDE_DIRS})
  target_link_libraries(HDF5::HDF5 INTERFACE ${HDF5_LIBRARIES})
  target_compile_definitions(HDF5::HDF5 INTERFACE ${HDF5_DEFINITIONS})
endif()

find_package(Boost 1.74 REQUIRED COMPONENTS mpi serialization program_options unit_test_framework)
find_package(Eigen3 3.4 REQUIRED NO_MODULE)

find_path(RANDOM123_INCLUDE_DIR Random123/threefry.h REQUIRED)
add_library(Random123 INTERFACE IMPORTED)
target_include_directories(Random123 SYSTEM INTERFACE ${RANDOM123_INCLUDE_DIR})
