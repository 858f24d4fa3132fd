#pragma once
// Global Boost.Test fixture: MPI is initialised once per test process.
#include <boost/test/unit_test.hpp>

#include "parallel/comm.hpp"

struct MpiFixture {
  MpiFixture() : env(boost::unit_test::framework::master_test_suite().argc,
                     boost::unit_test::framework::master_test_suite().argv) {}
  phaselearn::parallel::Environment env;
};
BOOST_TEST_GLOBAL_FIXTURE(MpiFixture);
