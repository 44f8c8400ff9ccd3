# Demo workspace: the leaderboard service in eu-west-1. Offline: built-in terraform_data only.
# The console passes -var revision=<n> on "Plan"; -var redis_nodes=N changes the cache in place,
# -var cache_generation=N replaces it (stateful by name).

variable "revision" {
  type    = string
  default = "1"
}

variable "redis_nodes" {
  type    = number
  default = 2
}

variable "cache_generation" {
  type    = string
  default = "1"
}

resource "terraform_data" "leaderboard_api" {
  input = { region = "eu-west-1", service = "leaderboard-api", replicas = 3, revision = var.revision }
}

resource "terraform_data" "redis_cache" {
  input            = { nodes = var.redis_nodes }
  triggers_replace = [var.cache_generation]
}

output "api_revision" {
  value = var.revision
}

# Feature flags per key. Keys and values are free text from whoever plans, so the console must show
# them as text (the e2e suite plans keys such as "<img src=x onerror=alert(1)>").
variable "feature_flags" {
  type    = map(string)
  default = {}
}

resource "terraform_data" "feature_flag" {
  for_each = var.feature_flags
  input    = { key = each.key, value = each.value, service = "leaderboard-api" }
}
