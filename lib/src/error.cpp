#include "hotdog/error.hpp"

namespace hotdog {
namespace {

class channel_category_impl final : public std::error_category {
 public:
  const char* name() const noexcept override { return "hotdog.channel"; }
  std::string message(int ev) const override {
    switch (static_cast<errc>(ev)) {
      case errc::too_many_pending_puts:
        return "No more than 1024 pending puts are allowed on a single channel. "
               "Consider using a windowed buffer.";
      case errc::too_many_pending_takes:
        return "No more than 1024 pending takes are allowed on a single channel.";
    }
    return "unknown hotdog channel error";
  }
};

}  // namespace

const std::error_category& channel_category() noexcept {
  static const channel_category_impl category;
  return category;
}

}  // namespace hotdog
