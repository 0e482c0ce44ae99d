// Original file: proto/stevedore/cluster/v1/cluster.proto


export interface Resync {
}

export interface Resync__Output {
}
