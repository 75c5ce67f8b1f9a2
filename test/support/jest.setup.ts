// CJS libraries that require() ESM packages while Jest builds its module graph
// (@ssut/nestjs-sqs → @nestjs/common, jwks-rsa → jose) fail with "Cannot require()
// ES Module … in a cycle" unless those ESM packages are loaded first.
import 'reflect-metadata';
import '@nestjs/common';
import '@nestjs/core';
import 'jose';
