#pragma once
// Eigen types shared by the network code. A batch is a matrix with one sample per column
// (column-major), so a sample's inputs are contiguous and a layer is one matrix product.
#include <Eigen/Core>

namespace phaselearn::ml {

template <class Scalar>
using Matrix = Eigen::Matrix<Scalar, Eigen::Dynamic, Eigen::Dynamic>;

// Weights are stored [outputs, inputs] row-major: the C order of an HDF5 dataset and of
// the usual "weight[out][in]" convention, so the flat buffer can be written as it is.
template <class Scalar>
using WeightMap = Eigen::Map<Eigen::Matrix<Scalar, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>>;
template <class Scalar>
using ConstWeightMap =
    Eigen::Map<const Eigen::Matrix<Scalar, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>>;
template <class Scalar>
using VectorMap = Eigen::Map<Eigen::Matrix<Scalar, Eigen::Dynamic, 1>>;
template <class Scalar>
using ConstVectorMap = Eigen::Map<const Eigen::Matrix<Scalar, Eigen::Dynamic, 1>>;

}  // namespace phaselearn::ml
