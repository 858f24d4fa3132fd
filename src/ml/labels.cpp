#include "ml/labels.hpp"

#include <algorithm>
#include <sstream>

#include "core/errors.hpp"

namespace phaselearn::ml {

TemperatureLabels threshold_labels(std::span<const double> temperatures, double t_label) {
  TemperatureLabels labels;
  for (double t : temperatures) labels.push_back(t < t_label ? Label::ordered : Label::disordered);
  return labels;
}

TemperatureLabels window_labels(std::span<const double> temperatures, double t_low,
                                double t_high) {
  if (!(t_low < t_high))
    throw InputError("window labels need train.t_low < train.t_high");
  TemperatureLabels labels;
  for (double t : temperatures)
    labels.push_back(t <= t_low    ? Label::ordered
                     : t >= t_high ? Label::disordered
                                   : Label::unlabelled);
  return labels;
}

TemperatureLabels labels_for(const TrainSettings& settings,
                             std::span<const double> temperatures) {
  std::ostringstream scheme;
  TemperatureLabels labels;
  switch (settings.labels) {
    case LabelScheme::threshold:
      scheme << "threshold labels with train.t_label = " << settings.t_label;
      labels = threshold_labels(temperatures, settings.t_label);
      break;
    case LabelScheme::window:
      scheme << "window labels with train.t_low = " << settings.t_low
             << ", train.t_high = " << settings.t_high;
      labels = window_labels(temperatures, settings.t_low, settings.t_high);
      break;
    case LabelScheme::confusion:
      throw InputError("confusion labels are made per proposed temperature "
                       "(confusion_temperatures), not once");
  }
  if (!temperatures.empty()) {
    const auto [lowest, highest] = std::minmax_element(temperatures.begin(), temperatures.end());
    scheme << " (the run's temperatures span [" << *lowest << ", " << *highest << "])";
  }
  require_both_classes(labels, scheme.str());
  return labels;
}

std::vector<double> confusion_temperatures(std::span<const double> temperatures, int points) {
  if (points < 1) throw InputError("train.confusion_points must be at least 1");
  const auto [lowest, highest] = std::minmax_element(temperatures.begin(), temperatures.end());
  if (temperatures.empty() || !(*lowest < *highest))
    throw InputError("the confusion scheme needs at least two different temperatures");
  std::vector<double> proposed;
  for (int k = 1; k <= points; ++k)
    proposed.push_back(*lowest + (*highest - *lowest) * k / (points + 1));
  return proposed;
}

void require_both_classes(const TemperatureLabels& labels, const std::string& scheme) {
  const auto count = [&](Label label) { return std::count(labels.begin(), labels.end(), label); };
  const auto ordered = count(Label::ordered), disordered = count(Label::disordered);
  if (ordered > 0 && disordered > 0) return;
  std::ostringstream message;
  message << scheme << " leave no " << (ordered == 0 ? "ordered" : "disordered")
          << " temperature among the run's " << labels.size()
          << "; move the bounds inside the temperature range";
  throw InputError(message.str());
}

}  // namespace phaselearn::ml
