# Demo workspace: the blockchain platform in us-east-1 (dormant region).
# Only the built-in terraform_data resource is used, so init/plan/apply run offline.
# The console passes -var revision=<n> on "Plan" so every plan has something to change;
# -var db_engine_version=... replaces the (stateful) database, -var validators=N resizes.

variable "revision" {
  description = "Rollout revision; changes update the node groups in place."
  type        = string
  default     = "1"
}

variable "validators" {
  type    = number
  default = 3
}

variable "db_engine_version" {
  description = "Changing it replaces postgres_primary: a destructive change to a stateful resource."
  type        = string
  default     = "15.4"
}

variable "db_password" {
  type      = string
  default   = "demo-only-password"
  sensitive = true
}

resource "terraform_data" "substrate_validator_nodes" {
  input = { region = "us-east-1", service = "substrate-validator", desired = var.validators, revision = var.revision }
}

resource "terraform_data" "rpc_gateway_nodes" {
  input = { region = "us-east-1", service = "rpc-gateway", desired = 2, revision = var.revision }
}

resource "terraform_data" "indexer" {
  input = { region = "us-east-1", service = "indexer", image_tag = "v${var.revision}" }
}

resource "terraform_data" "postgres_primary" {
  input            = { engine_version = var.db_engine_version, password = var.db_password }
  triggers_replace = [var.db_engine_version]
}

resource "terraform_data" "chaindata_volume" {
  input = { size_gb = 2000, service = "substrate-validator" }
}

output "revision" {
  value = var.revision
}
