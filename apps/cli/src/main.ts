import { x } from "@stevedore/oci"; console.log(x);
