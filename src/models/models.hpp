#pragma once
// Every model phaselearn knows, in one list. Adding a model (q-state Potts, 3D Ising):
// a folder src/models/<name>/ with a type satisfying models::Model (model.hpp), one entry
// in `Models` below, and its name among model.name's choices in core/job.cpp (test_models
// checks that the two lists agree). The sample stage, the run file and the checkpoints
// then work for it unchanged.
#include <string>
#include <string_view>
#include <vector>

#include "core/errors.hpp"
#include "models/ising2d/ising2d.hpp"
#include "models/xy2d/xy2d.hpp"

namespace phaselearn::models {

template <Model... Ms>
struct ModelList {};

using Models = ModelList<Ising2d, Xy2d>;

// Calls f.template operator()<M>() for the model M named `name`, once, at the top of a
// stage: everything below is instantiated per model, so its kernels stay inlined.
template <class F>
void with_model(std::string_view name, F&& f) {
  bool found = false;
  [&]<Model... Ms>(ModelList<Ms...>) {
    ((!found && name == Ms::name ? (f.template operator()<Ms>(), found = true) : false), ...);
  }(Models{});
  if (!found) throw InputError("unknown model '" + std::string(name) + "'");
}

inline std::vector<std::string> model_names() {
  return []<Model... Ms>(ModelList<Ms...>) {
    return std::vector<std::string>{std::string(Ms::name)...};
  }(Models{});
}

}  // namespace phaselearn::models
