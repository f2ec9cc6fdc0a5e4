#include "json_to_value.hpp"

#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

namespace hotdog::sim {

value to_value(const nlohmann::json& j) {
  using t = nlohmann::json::value_t;
  switch (j.type()) {
    case t::null: return value();
    case t::boolean: return value(j.get<bool>());
    case t::number_integer: return value(j.get<std::int64_t>());
    case t::number_unsigned: return value(j.get<std::uint64_t>());
    case t::number_float: return value(j.get<double>());
    case t::string: return value(j.get_ref<const std::string&>());
    case t::array: {
      std::vector<value> items;
      items.reserve(j.size());
      for (const auto& item : j) items.push_back(to_value(item));
      return value::array(std::move(items));
    }
    case t::object: {
      std::vector<std::pair<std::string, value>> members;
      members.reserve(j.size());
      for (const auto& [key, item] : j.items()) members.emplace_back(key, to_value(item));
      return value::object(std::move(members));
    }
    case t::binary:
    case t::discarded: break;
  }
  throw std::invalid_argument(std::string("to_value: a ") + j.type_name() +
                              " JSON value has no sim::value");
}

nlohmann::json to_json(const value& v) {
  switch (v.kind()) {
    case value_kind::null: return nullptr;
    case value_kind::boolean: return v.as_bool();
    case value_kind::integer: return nlohmann::json::number_integer_t{v.as_int()};
    case value_kind::unsigned_integer: return nlohmann::json::number_unsigned_t{v.as_uint()};
    case value_kind::floating: return v.as_double();
    case value_kind::string: return v.as_string();
    case value_kind::array: {
      nlohmann::json j = nlohmann::json::array();
      for (const value& item : v.items()) j.push_back(to_json(item));
      return j;
    }
    case value_kind::object: {
      nlohmann::json j = nlohmann::json::object();
      for (const auto& [key, item] : v.members()) j[key] = to_json(item);
      return j;
    }
  }
  return nullptr;
}

}  // namespace hotdog::sim
