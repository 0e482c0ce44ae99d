// Original file: proto/stevedore/node/v1/node.proto


export interface Empty {
}

export interface Empty__Output {
}
