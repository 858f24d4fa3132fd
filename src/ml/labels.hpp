#pragma once
// The three label schemes. Labels depend on the temperature alone, so each scheme is a
// pure function from the run's temperatures to one label per temperature.
#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "core/job.hpp"

namespace phaselearn::ml {

enum class Label : std::int8_t { unlabelled = -1, disordered = 0, ordered = 1 };
using TemperatureLabels = std::vector<Label>;  // one per temperature of the run file

// T < t_label is ordered, every other temperature disordered.
TemperatureLabels threshold_labels(std::span<const double> temperatures, double t_label);

// T <= t_low ordered, T >= t_high disordered; the temperatures in between stay
// unlabelled: they are predicted, never trained or validated on.
TemperatureLabels window_labels(std::span<const double> temperatures, double t_low,
                                double t_high);

// The scheme's labels for threshold and window; throws InputError for confusion, whose
// labels come from confusion_temperatures() one proposed T' at a time.
TemperatureLabels labels_for(const TrainSettings& settings,
                             std::span<const double> temperatures);

// Confusion scheme: `points` proposed T', evenly spaced strictly inside
// (lowest, highest temperature), so both classes of threshold_labels(T') are never empty.
std::vector<double> confusion_temperatures(std::span<const double> temperatures, int points);

// Throws InputError, naming the scheme's bounds, when one class has no temperature.
void require_both_classes(const TemperatureLabels& labels, const std::string& scheme);

}  // namespace phaselearn::ml
