#!/bin/bash

function answer()
{
  echo $(( 6 * 9 ))
}
