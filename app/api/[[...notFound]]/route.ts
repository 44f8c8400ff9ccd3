import { notFoundMethods } from "@/lib/http/methods";

// Any /api path no route file serves: 404 problem+json for every method, instead of Next's HTML
// page. Not observed in the request metrics: an anonymous scanner must not mint label values.
export const { GET, HEAD, POST, PUT, DELETE, PATCH, OPTIONS } = notFoundMethods();
